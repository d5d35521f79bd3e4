package dev.jobregistry.adapter.in.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The small translations of the wire format: times, content types, paths, the envelope. */
class WireFormatTest {

    @ParameterizedTest
    @CsvSource({
            "2024-12-04T12:00:00.512Z, 1733313600.512",
            "2024-12-04T12:00:00Z, 1733313600.0",
            "2024-12-04T12:00:00.000001Z, 1733313600.000001",
            "2024-12-04T12:00:00.123456789Z, 1733313600.123456",
            "2024-12-04T12:00:00.100200Z, 1733313600.1002",
            "1970-01-01T00:00:00Z, 0.0",
            "1969-12-31T23:59:58.5Z, -1.5"})
    void times_are_epoch_seconds_with_a_fraction_to_the_microsecond(String instant, String expected) {
        assertThat(EpochSeconds.format(Instant.parse(instant))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "APPLICATION/JSON;CHARSET=UTF8",
            "application/json;charset=\"utf-8\"", "application/json; foo=bar"})
    void json_content_types_are_recognized(String contentType) {
        assertThat(BrowserSafetyFilter.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/json; charset=latin1", "application/jsonp", "",
            "application/x-www-form-urlencoded", "multipart/form-data"})
    void other_content_types_are_not(String contentType) {
        assertThat(BrowserSafetyFilter.isJson(contentType)).isFalse();
    }

    @Test
    void the_token_guards_api_paths_only() {
        assertThat(BrowserSafetyFilter.isApiPath("/api")).isTrue();
        assertThat(BrowserSafetyFilter.isApiPath("/api/jobs")).isTrue();
        assertThat(BrowserSafetyFilter.isApiPath("/apix")).isFalse();
        assertThat(BrowserSafetyFilter.isApiPath("/static/js/jobs_client.js")).isFalse();
    }

    @Test
    void an_error_envelope_has_ok_error_and_code_only() {
        String json = new String(Envelope.error("job_not_found", "Job not found: \"x\""), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"ok\":false,\"error\":\"Job not found: \\\"x\\\"\",\"code\":\"job_not_found\"}");
    }

    @Test
    void numbers_json_cannot_hold_are_written_as_null() {
        String json = new String(Envelope.ok(g -> Envelope.writeValue(g, java.util.Arrays.asList(
                Double.NaN, Double.POSITIVE_INFINITY, 1.5, 2L, null))), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"ok\":true,\"data\":[null,null,1.5,2,null]}");
    }
}
