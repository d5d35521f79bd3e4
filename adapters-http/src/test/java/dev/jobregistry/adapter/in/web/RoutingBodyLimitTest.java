package dev.jobregistry.adapter.in.web;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The body limit holds even when the server was built without {@code maxPayloadSize}: only
 * {@link WebApi#routing} is used here, as an embedding program might.
 */
@ServerTest
class RoutingBodyLimitTest {

    private static final int LIMIT = 2048;
    private static final TestRegistry REGISTRY = new TestRegistry();

    private final Api api;
    private final int port;

    RoutingBodyLimitTest(Http1Client client, WebServer server) {
        this.api = new Api(client);
        this.port = server.port();
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        WebApi.routing(routing, REGISTRY.jobs, REGISTRY.files, REGISTRY.events, new HttpSettings("localhost", 0, Set.of(), Optional.empty(), LIMIT));
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    @Test
    void a_declared_length_over_the_limit_answers_413_before_the_body_is_read() {
        RawHttp.Answer answer = RawHttp.postJson(port, "/api/jobs",
                BrowserSafetyTest.bytes(BrowserSafetyTest.jobOfSize(LIMIT + 1)), false);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.code()).isEqualTo("payload_too_large");
        assertThat(answer.error()).isEqualTo("Request body is larger than the limit of " + LIMIT + " bytes");
        assertThat(answer.headers().get("connection")).isEqualTo("close");
    }

    @Test
    void a_chunked_body_over_the_limit_answers_413() {
        RawHttp.Answer answer = RawHttp.postJson(port, "/api/jobs",
                BrowserSafetyTest.bytes(BrowserSafetyTest.jobOfSize(LIMIT + 1)), true);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.code()).isEqualTo("payload_too_large");
        assertThat(answer.headers().get("connection")).isEqualTo("close");
    }

    @Test
    void a_body_at_the_limit_is_accepted() {
        assertThat(api.post("/api/jobs", BrowserSafetyTest.jobOfSize(LIMIT)).status()).isEqualTo(202);
        assertThat(api.postChunked("/api/jobs", "application/json",
                BrowserSafetyTest.jobOfSize(LIMIT).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
    }
}
