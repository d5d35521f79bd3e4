package dev.jobregistry.application.port.in;

/** Nothing exists at the path ({@code path_not_found}). */
public final class PathNotFoundException extends JobRegistryException {

    /** @param message what is missing, naming the path */
    public PathNotFoundException(String message) {
        super("path_not_found", message);
    }
}
