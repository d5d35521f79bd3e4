package dev.jobregistry.application.port.in;

import dev.jobregistry.domain.CancelOutcome;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;

import java.util.List;
import java.util.Set;

/**
 * What clients can do with jobs: the inbound port every driving adapter (HTTP, an embedding
 * program) talks to. Reads always show the live state of a job, including progress that has
 * not reached the store yet.
 *
 * <p>Besides the exceptions each method names, any method that writes may throw
 * {@link dev.jobregistry.application.port.out.StoreUnavailableException} when the store cannot
 * make the change durable (a full disk, say); the change is then not acknowledged: a job whose
 * submission failed that way is withdrawn (cancelled) and never runs.
 */
public interface JobsUseCase {

    /**
     * Accepts a job: checks the type and lets its handler validate the params, records the job
     * as pending, and returns once the record is durable in the store. The job runs when a
     * runner is free, first in first out.
     *
     * @throws InvalidJobRequestException for an unknown type or params the handler rejects
     * @throws dev.jobregistry.application.port.out.StoreUnavailableException when the job could not be made durable
     */
    Job submit(SubmitJobCommand command);

    /** The jobs the query asks for, newest first. */
    List<Job> list(JobQuery query);

    /**
     * One job as it is now.
     *
     * @throws JobNotFoundException when there is no such job
     */
    Job get(JobId id);

    /**
     * Asks to cancel a job: a pending job is cancelled at once ({@link CancelOutcome.CancelledAtOnce});
     * a running job gets {@code cancel_requested}, durably, its handler is told, and an attached
     * subprocess is killed ({@link CancelOutcome.CancelRequested}). A finished job is left as it
     * is and reported as {@link CancelOutcome.AlreadyFinished}.
     *
     * @throws JobNotFoundException when there is no such job
     */
    CancelOutcome cancel(JobId id);

    /**
     * Removes the record of a finished job, durably.
     *
     * @throws JobNotFoundException when there is no such job
     * @throws JobConflictException when the job has not finished
     */
    void delete(JobId id);

    /** The job types that have a handler, sorted. */
    Set<String> jobTypes();
}
