package dev.jobregistry.bench;

import dev.jobregistry.application.port.in.JobQuery;
import dev.jobregistry.application.port.in.JobsUseCase;
import dev.jobregistry.application.port.in.SubmitJobCommand;
import dev.jobregistry.application.service.HandlerRegistry;
import dev.jobregistry.bootstrap.Registry;
import dev.jobregistry.bootstrap.RegistryConfig;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A registry started in this JVM on a fresh temp folder (the service's own configuration,
 * handler discovery and start), and what the benchmarks and {@link StoreWrites} do with it: drain
 * a batch of noop jobs, run one job to its end, read the store's write counter.
 */
final class InProcessRegistry implements AutoCloseable {

    /**
     * The registry's INFO lines (started, stopping, stopped) would land between JMH's own lines at
     * every iteration; warnings and errors still show. Helidon would otherwise read the service's
     * logging.properties at its first server start and set the levels back.
     */
    private static final List<Logger> QUIET;

    static {
        System.setProperty("io.helidon.logging.config.disabled", "true");
        QUIET = Stream.of("io.helidon", "dev.jobregistry").map(Logger::getLogger).toList();
        QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
    }

    /** Threads submitting in {@link #drain}. */
    static final int SUBMITTERS = 16;

    private final Path dir;
    private final Registry registry;
    final JobsUseCase jobs;

    private InProcessRegistry(Path dir, Registry registry) {
        this.dir = dir;
        this.registry = registry;
        this.jobs = registry.jobs();
    }

    /**
     * Starts a registry on {@code store} (json or sqlite) in a new temp folder, keeping up to
     * {@code retain} finished jobs; {@code extra} may register more handlers.
     */
    static InProcessRegistry start(String store, int retain, UnaryOperator<HandlerRegistry> extra) throws IOException {
        Path dir = Files.createTempDirectory("job-registry-jmh-" + store + "-");
        try {
            String file = dir.resolve(store.equals("json") ? "jobs.json" : "jobs.db").toString();
            RegistryConfig config = RegistryConfig.load(List.of("--port", "0", "--store", store, "--store-path", file,
                    "--roots", dir.toString(), "--retain", String.valueOf(retain)), Map.of());
            var clock = Registry.systemClock();
            HandlerRegistry handlers = extra.apply(Registry.discoverHandlers(config, clock));
            return new InProcessRegistry(dir, Registry.start(config, clock, handlers));
        } catch (RuntimeException | Error e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * Submits {@code count} noop jobs ({@code {"duration":0}}) from {@value #SUBMITTERS} virtual
     * threads through {@link JobsUseCase#submit}, then polls {@link JobsUseCase#list} every 5 ms
     * until no job is pending or running. Returns how many were submitted.
     */
    int drain(int count) throws InterruptedException {
        AtomicInteger left = new AtomicInteger(count);
        AtomicInteger submitted = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < SUBMITTERS; t++) {
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        jobs.submit(new SubmitJobCommand("noop", Map.of("duration", 0)));
                        submitted.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        if (submitted.get() != count) {
            throw new IllegalStateException("submitted " + submitted.get() + " of " + count + " jobs");
        }
        JobQuery unfinished = new JobQuery(Set.of(JobStatus.PENDING, JobStatus.RUNNING), null, 1);
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (!jobs.list(unfinished).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("jobs still unfinished after 600 s");
            }
            Thread.sleep(5);
        }
        return submitted.get();
    }

    /** Submits one job of {@code type} without params and polls it every 1 ms until it ends; fails unless it succeeded. */
    Job runOne(String type) throws InterruptedException {
        Job job = jobs.submit(new SubmitJobCommand(type, Map.of()));
        while (true) {
            Job now = jobs.get(job.id());
            if (now.status().isTerminal()) {
                if (now.status() != JobStatus.SUCCEEDED) {
                    throw new IllegalStateException(type + " ended " + now.status() + ": " + now.error());
                }
                return now;
            }
            Thread.sleep(1);
        }
    }

    /**
     * How many durable writes the registry's store has made: {@code JsonFileJobStore.fileWrites()}
     * or {@code SqliteJobStore.transactions()}, read through the registry's private store field;
     * -1 if the store has neither counter.
     */
    long storeWrites() throws ReflectiveOperationException {
        var field = Registry.class.getDeclaredField("store");
        field.setAccessible(true);
        Object store = field.get(registry);
        for (String name : new String[] {"fileWrites", "transactions"}) {
            try {
                return (long) store.getClass().getMethod(name).invoke(store);
            } catch (NoSuchMethodException e) {
                // try the next one
            }
        }
        return -1;
    }

    /** Stops the registry (its store writes what it holds and closes) and deletes the temp folder. */
    @Override
    public void close() {
        try {
            registry.stop();
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
