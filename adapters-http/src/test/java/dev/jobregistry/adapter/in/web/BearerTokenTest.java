package dev.jobregistry.adapter.in.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** With a token configured, every {@code /api/} request must carry it; other pages need none. */
@ServerTest
class BearerTokenTest {

    private static final String TOKEN = "s3cret-Token_123";
    private static final TestRegistry REGISTRY = new TestRegistry();

    private final Api api;

    BearerTokenTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        HttpSettings settings = new HttpSettings("localhost", 0, Set.of(), Optional.of(TOKEN),
                HttpSettings.DEFAULT_MAX_BODY_BYTES);
        WebApi.configure(server, REGISTRY.jobs, REGISTRY.files, REGISTRY.events, settings,
                routing -> routing.get("/static/hello.txt", (req, res) -> res.send("hello")));
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    @Test
    void an_api_request_without_the_token_answers_401_unauthorized() {
        Api.Reply reply = api.get("/api/jobs");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("unauthorized");
        assertThat(reply.error()).contains("Authorization: Bearer");
        assertThat(reply.header(HeaderNames.WWW_AUTHENTICATE)).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer " + TOKEN + "x", "Bearer s3cret", "Basic " + TOKEN, TOKEN,
            "Bearer", "Bearer "})
    void a_wrong_token_answers_401(String authorization) {
        Api.Reply reply = api.get("/api/jobs", HeaderValues.create(HeaderNames.AUTHORIZATION, authorization));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo("unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER  " + TOKEN})
    void the_right_token_is_accepted(String authorization) {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"noop\"}",
                HeaderValues.create(HeaderNames.AUTHORIZATION, authorization));

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void every_api_path_is_guarded_even_unknown_ones() {
        assertThat(api.get("/api/jobs/types").status()).isEqualTo(401);
        assertThat(api.get("/api/unknown").status()).isEqualTo(401);
        assertThat(api.postEmpty("/api/jobs/job-0000000000000000/cancel").status()).isEqualTo(401);
        assertThat(api.get("/x/../api/jobs").status()).isEqualTo(401);
    }

    @Test
    void pages_outside_api_need_no_token() {
        Api.Reply reply = api.get("/static/hello.txt");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("hello");
    }

    @Test
    void the_origin_check_still_applies_outside_api() {
        Api.Reply reply = api.get("/static/hello.txt", HeaderValues.create(HeaderNames.ORIGIN, "http://evil.example"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("forbidden_origin");
    }

    @Test
    void the_event_stream_accepts_the_token_as_a_query_parameter_because_event_source_sends_no_headers() {
        // an unknown job_id answers 404 once past the guard, so the stream never opens
        Api.Reply reply = api.get("/api/jobs/events?job_id=job-0000000000000000&access_token=" + TOKEN);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("job_not_found");
    }

    @Test
    void a_wrong_token_in_the_query_of_the_event_stream_answers_401() {
        Api.Reply reply = api.get("/api/jobs/events?job_id=job-0000000000000000&access_token=wrong");

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void no_other_route_takes_the_token_from_the_query() {
        assertThat(api.get("/api/jobs?access_token=" + TOKEN).status()).isEqualTo(401);
        assertThat(api.get("/api/files?access_token=" + TOKEN).status()).isEqualTo(401);
        assertThat(api.postEmpty("/api/jobs/events?access_token=" + TOKEN).status()).isEqualTo(401);
    }

    @Test
    void the_pages_and_their_scripts_need_no_token() {
        assertThat(api.get("/").status()).isEqualTo(200);
        assertThat(api.get("/static/js/jobs_client.js").status()).isEqualTo(200);
    }
}
