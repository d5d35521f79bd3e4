package dev.jobregistry.application.service;

import dev.jobregistry.application.spi.HandlerEnvironment;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobType;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers the registry knows, by job type. Handlers arrive two ways: found on the class
 * path with {@link ServiceLoader} ({@link #discover}), each class naming its type with
 * {@link JobType}, or registered by an embedding program ({@link #register}). A type has one
 * handler: registering a second one for it is an error, so two plug-ins cannot silently shadow
 * each other.
 */
public final class HandlerRegistry {

    private final HandlerEnvironment environment;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();

    public HandlerRegistry(HandlerEnvironment environment) {
        this.environment = environment;
    }

    /**
     * Registers every {@link JobHandler} that {@code loader} lists under
     * {@code META-INF/services/dev.jobregistry.application.spi.JobHandler}.
     *
     * @throws IllegalStateException if a handler class lacks {@link JobType} or its type is taken
     */
    public HandlerRegistry discover(ClassLoader loader) {
        for (JobHandler handler : ServiceLoader.load(JobHandler.class, loader)) {
            JobType type = handler.getClass().getAnnotation(JobType.class);
            if (type == null) {
                throw new IllegalStateException("job handler " + handler.getClass().getName()
                        + " has no @JobType annotation naming the job type it serves");
            }
            register(type.value(), handler);
        }
        return this;
    }

    /**
     * Registers {@code handler} for {@code type} and calls its {@link JobHandler#init}.
     *
     * @throws IllegalStateException if {@code type} already has a handler
     */
    public HandlerRegistry register(String type, JobHandler handler) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a job type is not blank");
        }
        JobHandler previous = handlers.putIfAbsent(type, handler);
        if (previous != null) {
            throw new IllegalStateException("job type \"" + type + "\" already has a handler ("
                    + previous.getClass().getName() + "); cannot also register " + handler.getClass().getName());
        }
        handler.init(environment);
        return this;
    }

    /** The handler for {@code type}, if one is registered. */
    public Optional<JobHandler> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    /** The registered job types, sorted. */
    public Set<String> types() {
        return Collections.unmodifiableSet(new TreeSet<>(handlers.keySet()));
    }
}
