package dev.jobregistry.application.port.in;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobStatus;

import java.util.Set;

/**
 * Which jobs to list: those whose status is in {@code statuses} (all when empty), of
 * {@code type} (any when null), at most {@code limit} of them (all when 0), newest first.
 */
public record JobQuery(Set<JobStatus> statuses, String type, int limit) {

    /** Every job. */
    public static final JobQuery ALL = new JobQuery(Set.of(), null, 0);

    public JobQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        if (limit < 0) {
            throw new InvalidJobRequestException("bad_query", "limit must be 0 or more, got " + limit);
        }
    }

    /** Whether {@code job} is one this query asks for (the limit aside). */
    public boolean matches(Job job) {
        return (statuses.isEmpty() || statuses.contains(job.status())) && (type == null || type.equals(job.type()));
    }
}
