package dev.jobregistry.adapter.in.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser-safety filter and the body limit, through a server configured as bootstrap will. */
@ServerTest
class BrowserSafetyTest {

    private static final int LIMIT = 4096;
    private static final TestRegistry REGISTRY = new TestRegistry();

    private final Api api;
    private final int port;

    BrowserSafetyTest(Http1Client client, WebServer server) {
        this.api = new Api(client);
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        HttpSettings settings = new HttpSettings("localhost", 0, Set.of("jobs.test"), Optional.empty(), LIMIT);
        WebApi.configure(server, REGISTRY.jobs, REGISTRY.files, REGISTRY.events, settings, routing -> { });
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    // ---- Origin

    @Test
    void a_request_from_another_site_answers_403_forbidden_origin() {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"noop\"}", origin("http://evil.example"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("forbidden_origin");
        assertThat(reply.error())
                .isEqualTo("Cross-site request refused: Origin http://evil.example is not this service");
    }

    @Test
    void a_refused_request_never_reaches_the_use_case() {
        int before = REGISTRY.jobs.list(dev.jobregistry.application.port.in.JobQuery.ALL).size();

        api.post("/api/jobs", "{\"type\": \"noop\"}", origin("http://evil.example"));

        assertThat(REGISTRY.jobs.list(dev.jobregistry.application.port.in.JobQuery.ALL)).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "http://evil.example:{port}", "http://localhost:1", "http://localhost",
            "https://localhost:{port}", "http://localhost.evil.example:{port}", "http://user@localhost:{port}",
            "http://localhost:{port}/path", "file://", "localhost:{port}"})
    void an_origin_that_is_not_this_service_is_refused(String value) {
        Api.Reply reply = api.get("/api/jobs", origin(value.replace("{port}", String.valueOf(port))));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("forbidden_origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:{port}", "http://127.0.0.1:{port}", "http://[::1]:{port}",
            "http://jobs.test:{port}", "HTTP://LocalHost:{port}"})
    void a_same_origin_request_passes(String value) {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"noop\"}",
                origin(value.replace("{port}", String.valueOf(port))));

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void a_request_without_origin_passes() {
        assertThat(api.get("/api/jobs").status()).isEqualTo(200);
    }

    // ---- Host

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:{port}", "localhost:1", "127.0.0.2:{port}",
            "jobs.test.evil.example", "[::2]:{port}", "localhost.:{port}"})
    void a_host_that_is_not_one_of_the_service_names_answers_403_forbidden_host(String value) {
        Api.Reply reply = api.get("/api/jobs", host(value.replace("{port}", String.valueOf(port))));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("forbidden_host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "[::1", "localhost:{port}:{port}", ""})
    void a_malformed_host_is_refused_by_helidon_with_400_in_the_envelope(String value) {
        Api.Reply reply = api.get("/api/jobs", host(value.replace("{port}", String.valueOf(port))));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("bad_request");
    }

    @Test
    void an_evil_host_gets_an_explanation() {
        Api.Reply reply = api.get("/api/jobs", host("evil.example"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.error()).startsWith("Request refused: Host evil.example is not a name of this service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:{port}", "LOCALHOST:{port}", "127.0.0.1:{port}", "[::1]:{port}",
            "[::1]", "jobs.test", "jobs.test:{port}"})
    void the_service_names_pass_with_or_without_the_port(String value) {
        Api.Reply reply = api.get("/api/jobs", host(value.replace("{port}", String.valueOf(port))));

        assertThat(reply.status()).isEqualTo(200);
    }

    // ---- Content-Type

    @Test
    void a_text_plain_post_answers_415() {
        Api.Reply reply = api.postTyped("/api/jobs", "text/plain", "{\"type\": \"noop\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.code()).isEqualTo("unsupported_media_type");
        assertThat(reply.error()).contains("application/json", "text/plain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/json; charset=iso-8859-1", "application/jsonx", "text/json"})
    void a_body_that_is_not_declared_json_answers_415(String contentType) {
        Api.Reply reply = api.postTyped("/api/jobs", contentType, "{\"type\": \"noop\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.code()).isEqualTo("unsupported_media_type");
    }

    @Test
    void a_body_without_content_type_answers_415() {
        Api.Reply reply = api.postChunked("/api/jobs", null, "{\"type\": \"noop\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.code()).isEqualTo("unsupported_media_type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\""})
    void a_json_body_with_or_without_a_utf8_charset_passes(String contentType) {
        Api.Reply reply = api.postTyped("/api/jobs", contentType, "{\"type\": \"noop\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void a_cancel_without_body_and_without_content_type_passes() {
        Api.Reply reply = api.postEmpty("/api/jobs/job-0000000000000000/cancel");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("job_not_found");
    }

    // ---- body limit

    @Test
    void a_body_over_the_limit_answers_413_in_the_envelope() {
        RawHttp.Answer answer = RawHttp.postJson(port, "/api/jobs", bytes(jobOfSize(LIMIT + 1)), false);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
        assertThat(answer.ok()).isFalse();
        assertThat(answer.code()).isEqualTo("payload_too_large");
        assertThat(answer.error()).isEqualTo("Request body is larger than the limit of " + LIMIT + " bytes");
    }

    @Test
    void a_chunked_body_over_the_limit_answers_413_in_the_envelope() {
        RawHttp.Answer answer = RawHttp.postJson(port, "/api/jobs", bytes(jobOfSize(LIMIT * 2)), true);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
        assertThat(answer.code()).isEqualTo("payload_too_large");
    }

    @Test
    void a_body_of_exactly_the_limit_is_accepted() {
        Api.Reply reply = api.post("/api/jobs", jobOfSize(LIMIT));

        assertThat(reply.status()).isEqualTo(202);
    }

    @Test
    void a_chunked_body_within_the_limit_is_accepted() {
        Api.Reply reply = api.postChunked("/api/jobs", "application/json",
                jobOfSize(LIMIT).getBytes(StandardCharsets.UTF_8));

        assertThat(reply.status()).isEqualTo(202);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A valid noop submission of exactly {@code size} bytes. */
    static String jobOfSize(int size) {
        String head = "{\"type\": \"noop\", \"params\": {\"message\": \"";
        String tail = "\"}}";
        char[] padding = new char[size - head.length() - tail.length()];
        Arrays.fill(padding, 'x');
        String body = head + new String(padding) + tail;
        assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(size);
        return body;
    }

    private static io.helidon.http.Header origin(String value) {
        return HeaderValues.create(HeaderNames.ORIGIN, value);
    }

    private static io.helidon.http.Header host(String value) {
        return HeaderValues.create(HeaderNames.HOST, value);
    }
}
