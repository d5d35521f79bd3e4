package dev.jobregistry.application.port.out;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;

/**
 * Hears about every change of a job, in the order the job changed: submission, start, progress
 * (coalesced, at most a few times a second per job), the end, deletion. Event streams hang off
 * this port.
 *
 * <p>Implementations must return quickly and never block: they are called while the job's
 * own lock is held, which is what keeps one job's events in order.
 */
public interface JobChangeListener {

    /** A listener that ignores everything. */
    JobChangeListener NONE = new JobChangeListener() {
        @Override
        public void jobChanged(Job job) {
        }

        @Override
        public void jobRemoved(JobId id) {
        }
    };

    /** {@code job} is the job's new state. */
    void jobChanged(Job job);

    /** The job's record was deleted or pruned. */
    void jobRemoved(JobId id);
}
