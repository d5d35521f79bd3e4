package dev.jobregistry.domain;

import java.util.Objects;

/**
 * The identity of a job: an opaque string that starts with {@code job-}.
 *
 * <p>Ids are made outside the domain (they need randomness) and arrive here as values. The
 * domain promises that an id has the {@code job-} prefix the web shell expects, followed by 1 to
 * 64 letters, digits, {@code -}, {@code _} or {@code .}: safe in a URL path, a file and a log line
 * as it is.
 */
public record JobId(String value) implements Comparable<JobId> {

    /** The prefix every id starts with, as the original registry's ids did. */
    public static final String PREFIX = "job-";

    public JobId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("a job id is \"job-\" and 1 to 64 letters, digits, '-', '_' or '.': "
                    + value);
        }
    }

    /** Whether {@code value} is a well-formed id. */
    public static boolean isValid(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return false;
        }
        int length = value.length() - PREFIX.length();
        if (length < 1 || length > 64) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** The id as written in JSON and URLs. */
    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(JobId other) {
        return value.compareTo(other.value);
    }
}
