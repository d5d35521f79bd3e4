package dev.jobregistry.application.port.in;

/** The job exists but its state does not allow the request (cancel a finished job, delete a running one). */
public final class JobConflictException extends JobRegistryException {

    public JobConflictException(String code, String message) {
        super(code, message);
    }
}
