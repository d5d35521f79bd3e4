package dev.jobregistry.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A job: an asynchronous unit of work tracked by id, with its status, message, progress and
 * outcome. A {@code Job} is an immutable value; every move returns a new one (or says why it
 * cannot happen), and time always arrives as an argument, so the rules below are pure.
 *
 * <p>The rules, as the contract states them:
 * <ul>
 *   <li>{@code pending → running} when a runner starts it;</li>
 *   <li>{@code running → succeeded | failed | cancelled} when its handler returns, throws, or
 *       observes a cancel request;</li>
 *   <li>{@code pending → cancelled} at once on a cancel request;</li>
 *   <li>{@code pending | running → failed} ("Job interrupted by restart") on recovery;</li>
 *   <li>a terminal job never changes again, and only a terminal job may be deleted.</li>
 * </ul>
 *
 * @param id              unique id, {@code job-…}
 * @param type            the job type naming its handler
 * @param params          the params it was submitted with (a frozen JSON object, never null)
 * @param status          where it is in its life
 * @param message         human-readable status line, or null
 * @param progress        last reported progress, or null before the first report
 * @param result          the handler's result object, or null
 * @param error           why it failed, or null
 * @param cancelRequested whether someone asked to cancel it
 * @param createdAt       when it was accepted
 * @param startedAt       when a runner started it, or null
 * @param finishedAt      when it reached a terminal state, or null
 */
public record Job(
        JobId id,
        String type,
        Map<String, Object> params,
        JobStatus status,
        String message,
        Progress progress,
        Map<String, Object> result,
        String error,
        boolean cancelRequested,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    /** The error a job carries when a restart interrupted it. */
    public static final String INTERRUPTED_BY_RESTART = "Job interrupted by restart";

    /** The message a cancelled job carries when it had none of its own. */
    public static final String CANCELLED_MESSAGE = "Job cancelled";

    /** The error a failed job carries when its handler gave no message. */
    public static final String FAILED_WITHOUT_MESSAGE = "Job failed";

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        params = params == null ? Map.of() : JsonValues.freeze(params);
        result = JsonValues.freeze(result);
    }

    /** A newly accepted job: pending, with nothing reported yet. */
    public static Job submitted(JobId id, String type, Map<String, ?> params, Instant now) {
        if (type.isBlank()) {
            throw new IllegalArgumentException("a job type is not blank");
        }
        return new Job(id, type, JsonValues.freeze(params), JobStatus.PENDING, null, null, null, null,
                false, now, null, null);
    }

    /** A runner picks the job up: {@code pending → running}. */
    public Transition start(Instant now) {
        if (status != JobStatus.PENDING) {
            return refused("only a pending job can start");
        }
        return moved(new Job(id, type, params, JobStatus.RUNNING, message, progress, result, error,
                cancelRequested, createdAt, now, finishedAt));
    }

    /**
     * Someone asks to cancel the job. A pending job is cancelled at once; a running one is marked
     * {@code cancel_requested} and stops when its handler next checks; a finished one is left as it is.
     * Asking twice is harmless.
     */
    public CancelOutcome requestCancel(Instant now) {
        return switch (status) {
            case PENDING -> new CancelOutcome.CancelledAtOnce(new Job(id, type, params, JobStatus.CANCELLED,
                    message != null ? message : CANCELLED_MESSAGE, progress, result, error, true,
                    createdAt, startedAt, now));
            case RUNNING -> new CancelOutcome.CancelRequested(cancelRequested ? this
                    : new Job(id, type, params, status, message, progress, result, error, true,
                            createdAt, startedAt, finishedAt));
            case SUCCEEDED, FAILED, CANCELLED -> new CancelOutcome.AlreadyFinished(this);
        };
    }

    /**
     * The handler returned: {@code running → succeeded}, even after a cancel request (the work
     * was done). A null {@code message} keeps the current one; {@code result} may be null.
     */
    public Transition succeed(Instant now, String message, Map<String, ?> result) {
        if (status != JobStatus.RUNNING) {
            return refused("only a running job can succeed");
        }
        return moved(new Job(id, type, params, JobStatus.SUCCEEDED, message != null ? message : this.message,
                progress, JsonValues.freeze(result), error, cancelRequested, createdAt, startedAt, now));
    }

    /** The handler threw: {@code running → failed} with {@code error} (or a generic one when blank). */
    public Transition fail(Instant now, String error) {
        if (status != JobStatus.RUNNING) {
            return refused("only a running job can fail");
        }
        String why = error == null || error.isBlank() ? FAILED_WITHOUT_MESSAGE : error;
        return moved(new Job(id, type, params, JobStatus.FAILED, message, progress, result, why,
                cancelRequested, createdAt, startedAt, now));
    }

    /**
     * The handler observed cancellation and stopped: {@code running → cancelled}. Handlers may
     * also cancel themselves this way, as the original's {@code JobCancelled} allowed.
     */
    public Transition cancelObserved(Instant now) {
        if (status != JobStatus.RUNNING) {
            return refused("only a running job can stop on cancellation");
        }
        return moved(new Job(id, type, params, JobStatus.CANCELLED, message != null ? message : CANCELLED_MESSAGE,
                progress, result, error, cancelRequested, createdAt, startedAt, now));
    }

    /** Start-up found the job unfinished: {@code pending | running → failed}, "Job interrupted by restart". */
    public Transition interruptByRestart(Instant now) {
        if (status.isTerminal()) {
            return refused("a finished job was not interrupted");
        }
        return moved(new Job(id, type, params, JobStatus.FAILED, message, progress, result, INTERRUPTED_BY_RESTART,
                cancelRequested, createdAt, startedAt, now));
    }

    /** The handler reports progress; parts left null keep their current value. Only while running. */
    public Transition reportProgress(Progress update) {
        if (status != JobStatus.RUNNING) {
            return refused("only a running job reports progress");
        }
        Progress merged = progress == null ? Progress.EMPTY.mergedWith(update) : progress.mergedWith(update);
        return moved(new Job(id, type, params, status, message, merged, result, error, cancelRequested,
                createdAt, startedAt, finishedAt));
    }

    /** The handler sets its status line. Only while running. */
    public Transition reportMessage(String newMessage) {
        if (status != JobStatus.RUNNING) {
            return refused("only a running job reports a message");
        }
        return moved(new Job(id, type, params, status, newMessage, progress, result, error, cancelRequested,
                createdAt, startedAt, finishedAt));
    }

    /** Whether the record may be deleted: only finished jobs may. */
    public boolean isDeletable() {
        return status.isTerminal();
    }

    /** Whether the job has reached a state nothing can leave. */
    public boolean isFinished() {
        return status.isTerminal();
    }

    private Transition moved(Job next) {
        return new Transition.Moved(next);
    }

    private Transition refused(String why) {
        return new Transition.Refused(this, why + "; job " + id + " is " + status.wireName());
    }
}
