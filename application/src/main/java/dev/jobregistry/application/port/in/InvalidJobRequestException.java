package dev.jobregistry.application.port.in;

/** The request itself is wrong: no type, an unknown type, or params the handler rejects. */
public final class InvalidJobRequestException extends JobRegistryException {

    public InvalidJobRequestException(String code, String message) {
        super(code, message);
    }
}
