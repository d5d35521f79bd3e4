package dev.jobregistry.application.spi;

import dev.jobregistry.domain.JobId;

import java.time.Duration;
import java.util.Map;

/**
 * What a running handler can do to its own job: the Java form of the original's
 * {@code JobContext}. Every method is cheap (no disk write happens here: progress and messages
 * reach the store and event streams a few times a second at most, while reads always see the
 * latest value) and safe to call from any thread.
 */
public interface JobContext {

    /** The id of the job being run. */
    JobId jobId();

    /** Whether someone asked to cancel this job. */
    boolean isCancelRequested();

    /**
     * Throws if someone asked to cancel this job; call it between units of work.
     *
     * @throws JobCancelledException when cancellation was requested
     */
    void checkCancelled() throws JobCancelledException;

    /** Sets the job's human-readable status line. */
    void setMessage(String message);

    /**
     * Reports progress. Each argument left null keeps its current value, as the original's
     * {@code set_progress} merged.
     */
    void setProgress(Long completed, Long total, String detail);

    /**
     * Sets the message and result the job ends with when the handler returns normally.
     * {@code result} is a JSON object (maps, lists, strings, numbers, booleans) or null.
     */
    void finish(String message, Map<String, ?> result);

    /** Attaches a subprocess: cancelling the job kills it (and its descendants). */
    void attachProcess(Process process);

    /** Detaches the subprocess attached before, once it has ended. */
    void detachProcess();

    /**
     * Waits for {@code duration}, or less if the job's cancellation is requested meanwhile.
     *
     * @throws JobCancelledException when cancellation was requested before or during the wait
     */
    void pause(Duration duration) throws JobCancelledException;
}
