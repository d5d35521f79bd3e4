package dev.jobregistry.bootstrap;

/** The configuration is wrong; the message says which setting, what was given and what is expected. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
