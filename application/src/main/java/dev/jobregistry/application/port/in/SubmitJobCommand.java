package dev.jobregistry.application.port.in;

import java.util.Map;

/**
 * A request to run a job of {@code type} with {@code params}. It checks what it can on its own
 * (a type is given, params is an object); whether the type exists and the params suit its
 * handler is the use case's business.
 */
public record SubmitJobCommand(String type, Map<String, ?> params) {

    public SubmitJobCommand {
        if (type == null || type.isBlank()) {
            throw new InvalidJobRequestException("type_required", "Job type is required");
        }
        if (params == null) {
            params = Map.of();
        }
    }
}
