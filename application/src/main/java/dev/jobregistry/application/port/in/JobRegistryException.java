package dev.jobregistry.application.port.in;

/**
 * A request the registry refuses. {@link #getMessage()} is a sentence for a person (the web
 * shell shows it as is); {@link #code()} is a stable word for programs.
 */
public abstract sealed class JobRegistryException extends RuntimeException
        permits JobNotFoundException, JobConflictException, InvalidJobRequestException, PathForbiddenException,
        PathNotFoundException, UnusablePathException {

    private final String code;

    protected JobRegistryException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A stable, machine-readable word such as {@code job_not_found}. */
    public String code() {
        return code;
    }
}
