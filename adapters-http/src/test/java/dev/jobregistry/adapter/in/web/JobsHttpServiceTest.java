package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Every route of the jobs API against a real job service, through a real server. */
@ServerTest
class JobsHttpServiceTest {

    private static final TestRegistry REGISTRY = new TestRegistry();

    private final Api api;

    JobsHttpServiceTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        HttpSettings settings = new HttpSettings("localhost", 0, Set.of(), Optional.empty(), 64 * 1024);
        WebApi.configure(server, REGISTRY.jobs, REGISTRY.files, REGISTRY.events, settings, routing -> { });
    }

    @AfterEach
    void letEveryJobFinish() {
        REGISTRY.openAll();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs?status=pending,running")
                .data().isEmpty());
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    // ---- POST /api/jobs

    @Test
    void submitting_a_job_answers_202_with_the_job_and_its_location() {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"noop\", \"params\": {\"duration\": 0, \"message\": \"Testing\"}}");

        assertThat(reply.status()).isEqualTo(202);
        JsonNode job = reply.data();
        assertThat(job.get("id").asText()).startsWith("job-");
        assertThat(job.get("type").asText()).isEqualTo("noop");
        assertThat(job.get("status").asText()).isEqualTo("pending");
        assertThat(job.get("params").get("message").asText()).isEqualTo("Testing");
        assertThat(reply.location()).contains("/api/jobs/" + job.get("id").asText());
    }

    @Test
    void a_job_has_every_contract_field_with_times_in_epoch_seconds_with_a_fraction() {
        REGISTRY.clock.set(Instant.parse("2030-01-01T00:00:00.123456789Z"));
        String id = submit("{\"type\": \"noop\", \"params\": {\"duration\": 0, \"message\": \"Testing\"}}");
        awaitStatus(id, "succeeded");

        Api.Reply reply = api.get("/api/jobs/" + id);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode job = reply.data();
        List<String> fields = new ArrayList<>();
        job.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "type", "params", "status", "message", "progress", "result",
                "error", "cancel_requested", "created_at", "started_at", "finished_at");
        assertThat(job.get("status").asText()).isEqualTo("succeeded");
        assertThat(job.get("message").asText()).isEqualTo("Testing");
        assertThat(job.get("result").isNull()).isTrue();
        assertThat(job.get("error").isNull()).isTrue();
        assertThat(job.get("cancel_requested").asBoolean()).isFalse();
        for (String time : List.of("created_at", "started_at", "finished_at")) {
            assertThat(job.get(time).isNumber()).as(time).isTrue();
        }
        // the clock stands at 2030-01-01T00:00:00.123456789Z: microseconds, nanoseconds dropped
        assertThat(reply.body()).contains("\"created_at\":1893456000.123456,", "\"finished_at\":1893456000.123456}");
        assertThat(job.get("created_at").asDouble()).isCloseTo(1893456000.123456, within(1e-6));
    }

    @Test
    void progress_holds_only_the_parts_the_handler_set_and_result_is_an_object() {
        String id = submit("{\"type\": \"reporting\"}");
        awaitStatus(id, "succeeded");

        JsonNode job = api.get("/api/jobs/" + id).data();

        assertThat(job.get("progress").toString()).isEqualTo("{\"completed\":5,\"total\":12,\"detail\":\"a.txt\"}");
        assertThat(job.get("result").toString()).isEqualTo("{\"count\":3}");
        assertThat(job.get("message").asText()).isEqualTo("Copied");
        assertThat(job.get("params").toString()).isEqualTo("{}");
    }

    @Test
    void a_progress_without_detail_has_no_detail_field() {
        String id = submit("{\"type\": \"noop\", \"params\": {\"duration\": 0}}");
        awaitStatus(id, "succeeded");

        assertThat(api.get("/api/jobs/" + id).data().get("progress").toString())
                .isEqualTo("{\"completed\":1,\"total\":1}");
    }

    @Test
    void a_failed_job_carries_its_error_as_a_string() {
        String id = submit("{\"type\": \"failing\"}");
        awaitStatus(id, "failed");

        assertThat(api.get("/api/jobs/" + id).data().get("error").asText()).isEqualTo("disk on fire");
    }

    @Test
    void params_keep_their_json_values() {
        String params = "{\"a\":[1,2.5,\"x\",true,null,{\"b\":{}}],\"big\":12345678901234567890}";
        String id = submit("{\"type\": \"picky\", \"params\": " + params + "}");

        assertThat(api.get("/api/jobs/" + id).data().get("params").toString()).isEqualTo(params);
    }

    @Test
    void malformed_json_answers_400_with_a_short_reason_and_no_parser_internals() {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"noop\",,}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("malformed_json");
        assertThat(reply.error()).startsWith("Malformed JSON at line 1, column");
        assertThat(reply.error()).doesNotContain("jackson", "Exception", "Source", "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\": \"noop\"} trailing", "{\"type\": ", "[1, 2", "{\"type\": \"noop\", \"params\": {\"n\": 1e400}}"})
    void json_that_does_not_parse_cleanly_answers_malformed_json(String body) {
        Api.Reply reply = api.post("/api/jobs", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("malformed_json");
    }

    @Test
    void an_empty_body_answers_malformed_json() {
        Api.Reply reply = api.post("/api/jobs", "");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("malformed_json");
        assertThat(reply.error()).startsWith("Request body is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"params\": {}}", "{\"type\": 3}", "{\"type\": null}", "{\"type\": \"  \"}",
            "[\"noop\"]", "\"noop\"", "null"})
    void a_missing_type_answers_400_type_required(String body) {
        Api.Reply reply = api.post("/api/jobs", body);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("type_required");
        assertThat(reply.error()).startsWith("Job type is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"x\"", "3", "true"})
    void params_that_are_not_an_object_answer_400_invalid_params(String params) {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"noop\", \"params\": " + params + "}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("invalid_params");
        assertThat(reply.error()).startsWith("params must be a JSON object");
    }

    @Test
    void null_params_count_as_no_params() {
        assertThat(api.post("/api/jobs", "{\"type\": \"noop\", \"params\": null}").status()).isEqualTo(202);
    }

    @Test
    void an_unknown_type_answers_400_with_the_use_case_code() {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"teleport\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("unknown_type");
        assertThat(reply.error()).contains("teleport", "noop");
    }

    @Test
    void params_the_handler_rejects_answer_400_invalid_params_with_its_reason() {
        Api.Reply reply = api.post("/api/jobs", "{\"type\": \"picky\", \"params\": {\"bad\": 1}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("invalid_params");
        assertThat(reply.error()).isEqualTo("params.bad is not allowed; leave it out");
    }

    // ---- GET /api/jobs

    @Test
    void the_list_shows_jobs_newest_first() {
        String first = submit("{\"type\": \"picky\"}");
        REGISTRY.clock.advance(Duration.ofSeconds(1));
        String second = submit("{\"type\": \"picky\"}");
        REGISTRY.clock.advance(Duration.ofSeconds(1));
        String third = submit("{\"type\": \"picky\"}");

        Api.Reply reply = api.get("/api/jobs");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(ids(reply.data())).containsSubsequence(third, second, first);
        assertThat(ids(reply.data()).getFirst()).isEqualTo(third);
    }

    @Test
    void the_list_filters_by_status_type_and_limit() {
        String gate = gate();
        String blocked = submit(blocking(gate));
        awaitStatus(blocked, "running");
        REGISTRY.clock.advance(Duration.ofSeconds(1));
        String waiting = submit("{\"type\": \"picky\"}");
        REGISTRY.clock.advance(Duration.ofSeconds(1));
        String waitingToo = submit("{\"type\": \"noop\"}");

        assertThat(ids(api.get("/api/jobs?status=running").data())).containsExactly(blocked);
        assertThat(ids(api.get("/api/jobs?status=running,pending").data()))
                .containsExactly(waitingToo, waiting, blocked);
        assertThat(ids(api.get("/api/jobs?status=pending&type=picky").data())).containsExactly(waiting);
        assertThat(ids(api.get("/api/jobs?status=pending&status=running&limit=2").data()))
                .containsExactly(waitingToo, waiting);
        assertThat(ids(api.get("/api/jobs?status=pending,running&limit=0").data())).hasSize(3);
        assertThat(api.get("/api/jobs?type=no-such-type").data()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status=done|status",
            "status=running,,pending|status",
            "status=|status",
            "limit=-1|limit",
            "limit=ten|limit",
            "limit=99999999999|limit",
            "limit=1&limit=2|limit",
            "type=|type",
            "type=noop&type=picky|type"})
    void a_bad_query_answers_400_bad_query_naming_the_parameter(String query, String parameter) {
        Api.Reply reply = api.get("/api/jobs?" + query);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("bad_query");
        assertThat(reply.error()).startsWith(parameter + " ");
    }

    @Test
    void the_types_route_lists_the_registered_job_types() {
        Api.Reply reply = api.get("/api/jobs/types");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().toString()).isEqualTo("[\"blocking\",\"failing\",\"noop\",\"picky\",\"reporting\"]");
    }

    // ---- GET /api/jobs/{id}

    @Test
    void an_unknown_job_answers_404_job_not_found() {
        Api.Reply reply = api.get("/api/jobs/job-0000000000000000");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("job_not_found");
        assertThat(reply.error()).isEqualTo("Job not found: job-0000000000000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonsense", "job-", "job-a%20b", "job-..%2F"})
    void an_id_that_cannot_be_a_job_id_answers_404_like_an_unknown_one(String id) {
        Api.Reply reply = api.get("/api/jobs/" + id);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("job_not_found");
    }

    // ---- POST /api/jobs/{id}/cancel

    @Test
    void cancel_of_a_pending_job_answers_200_and_cancels_it_at_once() {
        String gate = gate();
        String blocked = submit(blocking(gate));
        awaitStatus(blocked, "running");
        String pending = submit("{\"type\": \"noop\"}");
        assertThat(status(pending)).isEqualTo("pending");

        Api.Reply reply = api.postEmpty("/api/jobs/" + pending + "/cancel");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("status").asText()).isEqualTo("cancelled");
        assertThat(reply.data().get("cancel_requested").asBoolean()).isTrue();
        assertThat(reply.data().get("finished_at").isNumber()).isTrue();
        assertThat(reply.data().get("started_at").isNull()).isTrue();
        assertThat(status(pending)).isEqualTo("cancelled");
    }

    @Test
    void cancel_of_a_running_job_answers_202_and_the_job_ends_cancelled() {
        String blocked = submit(blocking(gate()));
        awaitStatus(blocked, "running");

        Api.Reply reply = api.postEmpty("/api/jobs/" + blocked + "/cancel");

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.data().get("status").asText()).isEqualTo("running");
        assertThat(reply.data().get("cancel_requested").asBoolean()).isTrue();
        awaitStatus(blocked, "cancelled");
    }

    @Test
    void cancel_of_a_finished_job_answers_409_job_finished() {
        String id = submit("{\"type\": \"noop\"}");
        awaitStatus(id, "succeeded");

        Api.Reply reply = api.postEmpty("/api/jobs/" + id + "/cancel");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("job_finished");
        assertThat(reply.error()).contains(id, "succeeded");
        assertThat(status(id)).isEqualTo("succeeded");
    }

    @Test
    void cancel_of_an_unknown_job_answers_404() {
        Api.Reply reply = api.postEmpty("/api/jobs/job-0000000000000000/cancel");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("job_not_found");
    }

    @Test
    void cancel_accepts_an_empty_json_body_too() {
        String id = submit("{\"type\": \"noop\"}");
        awaitStatus(id, "succeeded");

        assertThat(api.post("/api/jobs/" + id + "/cancel", "{}").status()).isEqualTo(409);
    }

    // ---- DELETE /api/jobs/{id}

    @Test
    void delete_of_a_running_job_answers_409_job_not_finished() {
        String blocked = submit(blocking(gate()));
        awaitStatus(blocked, "running");

        Api.Reply reply = api.delete("/api/jobs/" + blocked);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("job_not_finished");
        assertThat(status(blocked)).isEqualTo("running");
    }

    @Test
    void delete_of_a_finished_job_answers_200_with_null_data_and_then_404() {
        String id = submit("{\"type\": \"noop\"}");
        awaitStatus(id, "succeeded");

        Api.Reply reply = api.delete("/api/jobs/" + id);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().isNull()).isTrue();
        assertThat(api.get("/api/jobs/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/jobs/" + id).code()).isEqualTo("job_not_found");
    }

    // ---- everything else under /api

    @ParameterizedTest
    @ValueSource(strings = {"/api", "/api/", "/api/nothing", "/api/jobs/job-1/cancel/now", "/api/jobs/job-1/extra"})
    void an_unknown_api_path_answers_404_in_the_envelope(String path) {
        Api.Reply reply = api.get(path);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("not_found");
        assertThat(reply.error()).isEqualTo("No such endpoint: GET " + path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PUT|/api/jobs|GET, POST",
            "DELETE|/api/jobs|GET, POST",
            "PATCH|/api/jobs/job-1|GET, DELETE",
            "GET|/api/jobs/job-1/cancel|POST",
            "POST|/api/jobs/types|GET"})
    void a_wrong_method_answers_405_with_allow(String method, String path, String allowed) {
        Api.Reply reply = api.call(Method.create(method), path);

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.code()).isEqualTo("method_not_allowed");
        assertThat(reply.header(HeaderNames.ALLOW)).contains(allowed);
    }

    // ---- helpers

    private String submit(String body) {
        Api.Reply reply = api.post("/api/jobs", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.data().get("id").asText();
    }

    private static String gate() {
        return UUID.randomUUID().toString();
    }

    private static String blocking(String gate) {
        return "{\"type\": \"blocking\", \"params\": {\"gate\": \"" + gate + "\"}}";
    }

    private String status(String id) {
        return api.get("/api/jobs/" + id).data().get("status").asText();
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals(status));
    }

    private static List<String> ids(JsonNode jobs) {
        List<String> ids = new ArrayList<>();
        jobs.forEach(job -> ids.add(job.get("id").asText()));
        return ids;
    }
}
