package dev.jobregistry.application.spi;

/**
 * Does the work of one job type. Handlers are plug-ins: a class that implements this interface,
 * carries {@link JobType @JobType("name")}, has a public no-argument constructor and is listed in
 * {@code META-INF/services/dev.jobregistry.application.spi.JobHandler} is found on the class
 * path at start-up; embedding programs may also register instances directly.
 *
 * <p>One handler instance serves every job of its type, from many threads at once: keep per-job
 * state in local variables.
 */
public interface JobHandler {

    /**
     * Called once, before the first job, with what the registry knows about its surroundings
     * (the roots file handlers may touch, the clock).
     */
    default void init(HandlerEnvironment environment) {
    }

    /**
     * Checks params before the job is accepted, so a client gets a 400 with the reason instead
     * of a job that fails later. Must be quick and must not change anything.
     *
     * @throws InvalidParamsException with a message that names the param and what is wrong
     */
    default void validate(JobParams params) throws InvalidParamsException {
    }

    /**
     * Does the work. Returning normally ends the job {@code succeeded} (with what was passed to
     * {@link JobContext#finish}, if anything); throwing {@link JobCancelledException} ends it
     * {@code cancelled}; any other exception ends it {@code failed} with the exception's message
     * as the job's {@code error}.
     */
    void run(JobContext context, JobParams params) throws Exception;
}
