package dev.jobregistry.application.port.in;

/** What the registry does once at start-up, before it takes requests. */
public interface RecoverJobsUseCase {

    /**
     * Marks every job the last run left pending or running as failed, with error
     * "Job interrupted by restart", so the UI can show the interruption; prunes finished jobs
     * beyond the retention count; and makes both durable.
     *
     * @return how many jobs were marked interrupted
     */
    int recoverInterrupted();
}
