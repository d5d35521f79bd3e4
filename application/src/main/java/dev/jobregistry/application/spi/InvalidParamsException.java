package dev.jobregistry.application.spi;

/** The params of a job are unusable; the message says which one and why, for a person to read. */
public class InvalidParamsException extends Exception {

    public InvalidParamsException(String message) {
        super(message);
    }
}
