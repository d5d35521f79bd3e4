package dev.jobregistry.domain;

import java.util.Objects;

/**
 * The identity of a job: an opaque string that starts with {@code job-}.
 *
 * <p>Ids are made outside the domain (they need randomness) and arrive here as values. The
 * domain only promises that an id is non-blank and has the {@code job-} prefix the web shell
 * expects.
 */
public record JobId(String value) implements Comparable<JobId> {

    /** The prefix every id starts with, as the original registry's ids did. */
    public static final String PREFIX = "job-";

    public JobId {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
            throw new IllegalArgumentException("a job id starts with \"job-\" and is not empty: " + value);
        }
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
