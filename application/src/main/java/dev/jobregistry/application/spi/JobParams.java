package dev.jobregistry.application.spi;

import dev.jobregistry.domain.JsonValues;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's params with typed reads that fail with a message a person can act on
 * ({@code "params.duration must be a number of seconds, got \"soon\""}). Params are the JSON
 * object the client sent, frozen.
 */
public final class JobParams {

    private final Map<String, Object> values;
    private final String path;

    private JobParams(Map<String, Object> values, String path) {
        this.values = values;
        this.path = path;
    }

    /** Params over this JSON object. */
    public static JobParams of(Map<String, ?> values) {
        return new JobParams(values == null ? Map.of() : JsonValues.freeze(values), "params");
    }

    /** The whole object, unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Whether the param is present and not null. */
    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** A string param, if present and not null. */
    public Optional<String> string(String name) throws InvalidParamsException {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        throw invalid(name, "must be a string", value);
    }

    /** A string param that must be present and not blank. */
    public String requiredString(String name) throws InvalidParamsException {
        Optional<String> value = string(name);
        if (value.isEmpty() || value.get().isBlank()) {
            throw new InvalidParamsException(path + "." + name + " is required");
        }
        return value.get();
    }

    /**
     * A number param, or {@code fallback} when absent. A string holding a number is accepted,
     * as the original's {@code float(...)} accepted it.
     */
    public double number(String name, double fallback) throws InvalidParamsException {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                double parsed = Double.parseDouble(s.trim());
                if (!Double.isNaN(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw invalid(name, "must be a number", value);
    }

    /** A boolean param, or {@code fallback} when absent. */
    public boolean bool(String name, boolean fallback) throws InvalidParamsException {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid(name, "must be true or false", value);
    }

    /** A list of strings, empty when absent. */
    public List<String> stringList(String name) throws InvalidParamsException {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(name, "must be a list of strings", value);
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw invalid(name, "must be a list of strings", value);
            }
            strings.add(s);
        }
        return List.copyOf(strings);
    }

    /** A nested object (such as {@code options}), empty when absent. */
    public JobParams object(String name) throws InvalidParamsException {
        Object value = values.get(name);
        if (value == null) {
            return new JobParams(Map.of(), path + "." + name);
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return new JobParams(object, path + "." + name);
        }
        throw invalid(name, "must be an object", value);
    }

    private InvalidParamsException invalid(String name, String what, Object value) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        if (shown.length() > 80) {
            shown = shown.substring(0, 77) + "...";
        }
        return new InvalidParamsException(path + "." + name + " " + what + ", got " + shown);
    }

    @Override
    public String toString() {
        return path + values;
    }
}
