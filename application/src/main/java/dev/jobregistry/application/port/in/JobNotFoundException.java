package dev.jobregistry.application.port.in;

import dev.jobregistry.domain.JobId;

/** No job has this id (it never existed, or it was deleted or pruned). */
public final class JobNotFoundException extends JobRegistryException {

    public JobNotFoundException(JobId id) {
        super("job_not_found", "Job not found: " + id);
    }

    public JobNotFoundException(String rawId) {
        super("job_not_found", "Job not found: " + rawId);
    }
}
