package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failing store and an unexpected exception look like on the wire. */
@ServerTest
class ErrorMappingTest {

    private static final FlakyStore STORE = new FlakyStore();
    private static final TestRegistry REGISTRY = new TestRegistry(STORE);

    private final Api api;

    ErrorMappingTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        WebApi.configure(server, REGISTRY.jobs, REGISTRY.files, REGISTRY.events,
                new HttpSettings("localhost", 0, Set.of(), Optional.empty(), 1024), routing -> { });
    }

    @AfterEach
    void heal() {
        STORE.heal();
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    @Test
    void an_unavailable_store_answers_503_store_unavailable_with_its_message() {
        STORE.failSyncs(new StoreUnavailableException("Cannot write /home/u/.cache/jobs.json: disk full",
                new IOException("No space left on device")));

        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"noop\"}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.code()).isEqualTo("store_unavailable");
        assertThat(reply.error()).isEqualTo("Cannot write /home/u/.cache/jobs.json: disk full");
    }

    @Test
    void an_unexpected_exception_answers_500_internal_error_and_never_leaks_a_stack_trace() {
        STORE.failLists(new IllegalStateException("secret detail of the broken store"));

        Api.Reply reply = api.get("/api/jobs");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.code()).isEqualTo("internal_error");
        assertThat(reply.error()).isEqualTo("Internal error; see the server log");
        assertThat(reply.body()).doesNotContain("secret", "IllegalStateException", "Exception", "\tat ",
                "dev.jobregistry");
    }

    @Test
    void the_service_answers_normally_once_the_store_recovers() {
        STORE.failLists(new IllegalStateException("broken"));
        assertThat(api.get("/api/jobs").status()).isEqualTo(500);

        STORE.heal();

        assertThat(api.get("/api/jobs").status()).isEqualTo(200);
    }
}
