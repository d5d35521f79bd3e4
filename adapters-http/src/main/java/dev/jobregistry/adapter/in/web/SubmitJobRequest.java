package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jobregistry.application.port.in.SubmitJobCommand;
import io.helidon.http.Status;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/jobs}: {@code {"type": "noop", "params": {...}}}. Parsing checks
 * what the wire format promises (JSON, an object, a string type, object params); whether the type
 * exists and the params suit its handler is the use case's business.
 *
 * @param type   the job type
 * @param params the params object ({@code {}} when absent or null)
 */
record SubmitJobRequest(String type, Map<String, Object> params) {

    static final String TYPE_REQUIRED = "Job type is required";
    private static final int MAX_REASON = 160;

    /** The command for the use case. */
    SubmitJobCommand toCommand() {
        return new SubmitJobCommand(type, params);
    }

    /**
     * Parses a request body.
     *
     * @throws RequestRejectedException 400 {@code malformed_json}, {@code type_required} or {@code invalid_params}
     */
    static SubmitJobRequest parse(byte[] body) {
        Object root = readJson(body);
        if (!(root instanceof Map<?, ?> object)) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "type_required", TYPE_REQUIRED
                    + ": send a JSON object such as {\"type\": \"noop\", \"params\": {}}");
        }
        if (!(object.get("type") instanceof String type)) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "type_required", TYPE_REQUIRED);
        }
        Object params = object.get("params");
        if (params == null) {
            return new SubmitJobRequest(type, Map.of());
        }
        if (!(params instanceof Map<?, ?>)) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "invalid_params",
                    "params must be a JSON object, got " + kind(params));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> paramsObject = (Map<String, Object>) params;
        return new SubmitJobRequest(type, paramsObject);
    }

    private static Object readJson(byte[] body) {
        if (body.length == 0) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "malformed_json",
                    "Request body is empty; send a JSON object such as {\"type\": \"noop\", \"params\": {}}");
        }
        Object root;
        try {
            root = Envelope.MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "malformed_json", describe(e));
        } catch (IOException e) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "malformed_json", "Malformed JSON");
        }
        checkFinite(root);
        return root;
    }

    /** Jackson reads 1e400 as infinity, which no JSON writer can give back: refuse it here. */
    private static void checkFinite(Object value) {
        switch (value) {
            case Double d when !Double.isFinite(d) -> throw new RequestRejectedException(Status.BAD_REQUEST_400,
                    "malformed_json", "Malformed JSON: a number is too large");
            case Map<?, ?> map -> map.values().forEach(SubmitJobRequest::checkFinite);
            case List<?> list -> list.forEach(SubmitJobRequest::checkFinite);
            case null, default -> {
            }
        }
    }

    /** A short reason with the position, without the parser's class names or source excerpts. */
    private static String describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "Malformed JSON: the document is nested too deeply or a value is too long";
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("No content")) {
            return "Request body is empty; send a JSON object such as {\"type\": \"noop\", \"params\": {}}";
        }
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int newline = reason.indexOf('\n');
        if (newline >= 0) {
            reason = reason.substring(0, newline);
        }
        int backtick = reason.indexOf('`');
        if (backtick >= 0) {
            reason = reason.substring(0, backtick).strip(); // a Jackson setting name follows
        }
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 3) + "...";
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "Malformed JSON" + where + (reason.isEmpty() ? "" : ": " + reason);
    }

    private static String kind(Object value) {
        return switch (value) {
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            case List<?> l -> "an array";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
