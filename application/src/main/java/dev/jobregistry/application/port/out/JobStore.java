package dev.jobregistry.application.port.out;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.util.List;
import java.util.Optional;

/**
 * Where job records live. Every store promises the same things, and one contract test suite
 * holds every store to them:
 *
 * <ul>
 *   <li>a write is visible to every read as soon as the method returns;</li>
 *   <li>a write is <em>durable</em> (survives a crash or kill -9) once a later {@link #sync()}
 *       has returned. Stores batch writes: many callers waiting in {@code sync()} at once share
 *       one disk write (group commit), and writes no one syncs reach the disk within the store's
 *       flush interval anyway;</li>
 *   <li>conditional writes never overwrite a terminal job.</li>
 * </ul>
 * Implementations are safe for use from many threads. Once closed, a store refuses writes and
 * syncs with {@link IllegalStateException}.
 */
public interface JobStore extends AutoCloseable {

    /**
     * Adds a job whose id is not in the store yet.
     *
     * @throws IllegalStateException if a job with this id is already stored
     */
    void insert(Job job);

    /** The stored job with this id, if any. */
    Optional<Job> find(JobId id);

    /** Every stored job, newest first (by {@code created_at}, then by id). */
    List<Job> list();

    /**
     * Compare-and-set: replaces the stored job that has {@code updated}'s id with {@code updated},
     * but only if the stored one is in status {@code expected} and {@code expected} is not terminal.
     *
     * @return true if the job was replaced; false if it is missing or in another status
     * @throws IllegalArgumentException if {@code updated} changes the stored job's {@code created_at}
     *                                  (the list order rests on it; a job's creation never changes)
     */
    boolean replace(Job updated, JobStatus expected);

    /**
     * Removes a finished job.
     *
     * @return true if it was removed; false if it is missing or not finished
     */
    boolean deleteFinished(JobId id);

    /**
     * Retention: removes finished jobs beyond the {@code keep} most recently finished, oldest
     * {@code finished_at} first (a finished job without {@code finished_at}, from an old file,
     * counts as the oldest). Unfinished jobs are never removed. Cheap when nothing is over.
     *
     * @return the ids removed, oldest finished first
     * @throws IllegalArgumentException if {@code keep} is negative
     */
    List<JobId> pruneFinished(int keep);

    /**
     * Blocks until every write that returned before this call is durable. Callers that sync at
     * the same time share one disk write.
     *
     * @throws StoreUnavailableException if the store cannot write; what was written stays in
     *                                   memory and the next write tries again
     * @throws IllegalStateException     if the store is closed
     */
    void sync();

    /** Writes what is not yet durable and releases the store's files and locks. */
    @Override
    void close();
}
