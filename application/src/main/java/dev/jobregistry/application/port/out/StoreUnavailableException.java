package dev.jobregistry.application.port.out;

/** The store cannot do what was asked (disk full, file not writable, locked by another process). */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
