package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The event stream through a real server, read line by line as a browser's EventSource reads it. */
@ServerTest
class JobEventStreamTest {

    private static final TestRegistry REGISTRY = new TestRegistry();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Stream<String>> open = new ArrayList<>();

    JobEventStreamTest(Http1Client client, URI uri) {
        this.api = new Api(client);
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        HttpSettings settings = new HttpSettings("localhost", 0, Set.of(), Optional.empty(), 64 * 1024);
        WebApi.configure(server, REGISTRY.jobs, REGISTRY.files, REGISTRY.events, settings, routing -> { });
    }

    @AfterEach
    void closeStreams() {
        open.forEach(Stream::close);
        REGISTRY.openAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs?status=pending,running").data().isEmpty());
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    /** The lines of one open stream, collected by a background reader. */
    private final class Events {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Events(String path) throws IOException, InterruptedException {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri.resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/event-stream");
            open.add(response.body());
            Thread.ofVirtual().start(() -> {
                try {
                    response.body().forEach(lines::add);
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        /** The next line that is not blank, waiting at most 10 s. */
        String nextLine() throws InterruptedException {
            while (true) {
                String line = lines.poll(10, TimeUnit.SECONDS);
                assertThat(line).as("a line from the event stream within 10 s").isNotNull();
                if (!line.isEmpty()) {
                    return line;
                }
            }
        }

        /** The next event's data, skipping keep-alive comments, waiting at most 10 s. */
        JsonNode nextEvent() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String line = nextLine();
                if (line.startsWith("data:")) {
                    return JSON.readTree(line.substring(5).strip());
                }
            }
            throw new AssertionError("no event within 10 s, only keep-alive comments");
        }

        /** Reads partial events until one shows a job matching {@code wanted}, for at most 10 s. */
        JsonNode awaitJob(java.util.function.Predicate<JsonNode> wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonNode event = nextEvent();
                assertThat(event.get("partial").asBoolean()).isTrue();
                for (JsonNode job : event.get("jobs")) {
                    if (wanted.test(job)) {
                        return job;
                    }
                }
            }
            throw new AssertionError("no such job change within 10 s");
        }

        /** Reads partial events until one shows job {@code id} in {@code status}. */
        JsonNode awaitJob(String id, String status) throws Exception {
            return awaitJob(job -> job.get("id").asText().equals(id) && job.get("status").asText().equals(status));
        }
    }

    private String submit(String body) {
        Api.Reply reply = api.post("/api/jobs", body);
        assertThat(reply.status()).isEqualTo(202);
        return reply.data().get("id").asText();
    }

    @Test
    void a_stream_starts_with_a_full_snapshot_then_sends_each_change() throws Exception {
        String before = submit("{\"type\": \"noop\"}");
        await().until(() -> api.get("/api/jobs/" + before).data().get("status").asText().equals("succeeded"));
        Events events = new Events("/api/jobs/events");

        JsonNode snapshot = events.nextEvent();
        assertThat(snapshot.get("partial").asBoolean()).isFalse();
        assertThat(snapshot.get("jobs").findValuesAsText("id")).contains(before);

        String id = submit("{\"type\": \"reporting\"}");
        JsonNode done = events.awaitJob(id, "succeeded");
        assertThat(done.get("result").get("count").asInt()).isEqualTo(3);
        assertThat(done.get("progress").get("completed").asInt()).isEqualTo(5);
    }

    @Test
    void progress_and_messages_reach_the_stream_when_the_executor_publishes_them() throws Exception {
        String id = submit("{\"type\": \"blocking\", \"params\": {\"gate\": \"progress\"}}");
        Events events = new Events("/api/jobs/events?job_id=" + id);
        events.nextEvent();
        await().until(() -> "Waiting at the gate".equals(api.get("/api/jobs/" + id).data().get("message").asText()));

        REGISTRY.flushProgress();

        JsonNode published = events.awaitJob(job -> "Waiting at the gate".equals(job.get("message").asText()));
        assertThat(published.get("status").asText()).isEqualTo("running");
        REGISTRY.open("progress");
        assertThat(events.awaitJob(id, "succeeded").get("message").asText()).isEqualTo("Through the gate");
    }

    @Test
    void a_stream_for_one_job_sees_only_that_job() throws Exception {
        String watched = submit("{\"type\": \"blocking\", \"params\": {\"gate\": \"watched\"}}");
        Events events = new Events("/api/jobs/events?job_id=" + watched);

        JsonNode snapshot = events.nextEvent();
        assertThat(snapshot.get("partial").asBoolean()).isFalse();
        assertThat(snapshot.get("jobs").findValuesAsText("id")).containsExactly(watched);

        String other = submit("{\"type\": \"noop\"}");
        api.postEmpty("/api/jobs/" + watched + "/cancel");
        JsonNode event;
        do {
            event = events.nextEvent();
            assertThat(event.get("jobs").findValuesAsText("id")).doesNotContain(other);
        } while (!event.get("jobs").get(0).get("status").asText().equals("cancelled"));
    }

    @Test
    void a_stream_for_an_unknown_job_is_a_404_envelope() {
        Api.Reply reply = api.get("/api/jobs/events?job_id=job-nothing");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("job_not_found");
        assertThat(api.get("/api/jobs/events?job_id=not-an-id").status()).isEqualTo(404);
    }

    @Test
    void a_deleted_job_is_announced_as_removed() throws Exception {
        String id = submit("{\"type\": \"noop\"}");
        await().until(() -> api.get("/api/jobs/" + id).data().get("status").asText().equals("succeeded"));
        Events events = new Events("/api/jobs/events");
        events.nextEvent();

        assertThat(api.delete("/api/jobs/" + id).status()).isEqualTo(200);

        JsonNode event = events.nextEvent();
        assertThat(event.get("partial").asBoolean()).isTrue();
        assertThat(event.get("jobs")).isEmpty();
        assertThat(event.get("removed").get(0).asText()).isEqualTo(id);
    }

    @Test
    void a_silent_stream_sends_keep_alive_comments() throws Exception {
        Events events = new Events("/api/jobs/events");
        events.nextEvent();
        assertThat(events.nextLine()).isEqualTo(":keep-alive");
    }
}
