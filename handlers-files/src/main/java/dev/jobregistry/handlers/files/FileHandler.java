package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.HandlerEnvironment;
import dev.jobregistry.application.spi.JobHandler;

import java.nio.file.Path;

/**
 * What every file handler shares: the {@link PathGuard} built from the registry's roots at
 * {@link #init}, with {@code ~} standing for the home folder of the user the service runs as.
 */
abstract class FileHandler implements JobHandler {

    private volatile PathGuard guard;

    @Override
    public void init(HandlerEnvironment environment) {
        guard = new PathGuard(environment.roots(), Path.of(System.getProperty("user.home")));
    }

    /** The guard; the registry calls {@link #init} before any job. */
    PathGuard guard() {
        PathGuard current = guard;
        if (current == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " was used before init(HandlerEnvironment)");
        }
        return current;
    }
}
