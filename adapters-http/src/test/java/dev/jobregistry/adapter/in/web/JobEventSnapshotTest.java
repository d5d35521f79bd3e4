package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobregistry.application.port.in.JobQuery;
import dev.jobregistry.application.port.in.JobsUseCase;
import dev.jobregistry.application.port.in.SubmitJobCommand;
import dev.jobregistry.domain.CancelOutcome;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The snapshot of every job is built once and shared by the streams that open while no job
 * changes (with a hundred thousand jobs kept it is tens of megabytes, and a copy per stream ran the
 * service out of memory); a change makes the next stream's snapshot fresh.
 */
@ServerTest
class JobEventSnapshotTest {

    private static final TestRegistry REGISTRY = new TestRegistry();
    private static final AtomicInteger FULL_LISTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The real use cases, counting how often every job is listed. */
    private static final JobsUseCase COUNTING = new JobsUseCase() {
        @Override
        public Job submit(SubmitJobCommand command) {
            return REGISTRY.jobs.submit(command);
        }

        @Override
        public List<Job> list(JobQuery query) {
            if (query.equals(JobQuery.ALL)) {
                FULL_LISTS.incrementAndGet();
            }
            return REGISTRY.jobs.list(query);
        }

        @Override
        public Job get(JobId id) {
            return REGISTRY.jobs.get(id);
        }

        @Override
        public CancelOutcome cancel(JobId id) {
            return REGISTRY.jobs.cancel(id);
        }

        @Override
        public void delete(JobId id) {
            REGISTRY.jobs.delete(id);
        }

        @Override
        public Set<String> jobTypes() {
            return REGISTRY.jobs.jobTypes();
        }
    };

    private final Api api;
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Stream<String>> open = new ArrayList<>();

    JobEventSnapshotTest(Http1Client client, URI uri) {
        this.api = new Api(client);
        this.uri = uri;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        HttpSettings settings = new HttpSettings("localhost", 0, Set.of(), Optional.empty(), 64 * 1024);
        WebApi.configure(server, COUNTING, REGISTRY.files, REGISTRY.events, settings, routing -> { });
    }

    @AfterEach
    void closeStreams() {
        open.forEach(Stream::close);
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    /** Opens a stream and reads its first event. */
    private JsonNode snapshot() throws Exception {
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri.resolve("/api/jobs/events"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        open.add(response.body());
        Iterator<String> lines = response.body().iterator();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                return JSON.readTree(line.substring(5));
            }
        }
        throw new AssertionError("the stream ended before its snapshot");
    }

    private String finishedJob() {
        String id = api.post("/api/jobs", "{\"type\": \"noop\"}").data().get("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/api/jobs/" + id).data().get("status").asText().equals("succeeded"));
        return id;
    }

    @Test
    void streams_opened_while_no_job_changes_share_one_snapshot_and_a_change_makes_the_next_one_fresh()
            throws Exception {
        String first = finishedJob();
        FULL_LISTS.set(0);

        for (int i = 0; i < 3; i++) {
            JsonNode snapshot = snapshot();
            assertThat(snapshot.get("partial").asBoolean()).isFalse();
            assertThat(snapshot.get("jobs").findValuesAsText("id")).contains(first);
        }
        assertThat(FULL_LISTS.get()).as("lists of every job for three streams").isEqualTo(1);

        String second = finishedJob();
        assertThat(snapshot().get("jobs").findValuesAsText("id")).contains(first, second);
        assertThat(FULL_LISTS.get()).isEqualTo(2);
    }
}
