package dev.jobregistry.application.spi;

/**
 * Thrown inside a handler when its job's cancellation was requested (by
 * {@link JobContext#checkCancelled()} and {@link JobContext#pause}). Let it propagate: the
 * job then ends {@code cancelled}.
 */
public class JobCancelledException extends Exception {

    public JobCancelledException() {
        super("Job cancelled", null, false, false);
    }
}
