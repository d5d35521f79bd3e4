package dev.jobregistry.application.port.in;

/**
 * A path the registry will not show: outside the allowed roots ({@code outside_roots}), or one the
 * system does not let the service read ({@code permission_denied}).
 */
public final class PathForbiddenException extends JobRegistryException {

    /**
     * @param code    {@code outside_roots} or {@code permission_denied}
     * @param message what was refused and why, naming the path
     */
    public PathForbiddenException(String code, String message) {
        super(code, message);
    }
}
