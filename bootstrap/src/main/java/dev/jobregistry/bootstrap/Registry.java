package dev.jobregistry.bootstrap;

import dev.jobregistry.adapter.in.web.HttpSettings;
import dev.jobregistry.adapter.in.web.JobEventHub;
import dev.jobregistry.adapter.in.web.WebApi;
import dev.jobregistry.adapter.out.persistence.JsonFileJobStore;
import dev.jobregistry.adapter.out.persistence.SqliteJobStore;
import dev.jobregistry.adapter.out.persistence.StoreSettings;
import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.service.ExecutorSettings;
import dev.jobregistry.application.service.HandlerRegistry;
import dev.jobregistry.application.service.JobExecutor;
import dev.jobregistry.application.service.JobService;
import dev.jobregistry.application.service.RandomJobIds;
import dev.jobregistry.application.spi.HandlerEnvironment;
import dev.jobregistry.handlers.files.FileBrowser;
import io.helidon.webserver.WebServer;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The running registry: the one place where the object graph is built, by hand, from the
 * configuration. Embedding programs can use it too ({@link #start}), or wire the pieces
 * themselves the same way.
 */
public final class Registry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Registry.class.getName());

    /**
     * How long a change nobody waits for (progress, a job's start and end) may stay in memory
     * before the store writes it: with the executor publishing progress every 250 ms, progress
     * reaches the disk within about 750 ms, in at most two writes a second however many jobs run.
     */
    private static final java.time.Duration STORE_FLUSH_INTERVAL = java.time.Duration.ofMillis(500);

    private final RegistryConfig config;
    private final JobStore store;
    private final JobExecutor executor;
    private final JobService service;
    private final JobEventHub events;
    private final WebServer server;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Registry(RegistryConfig config, JobStore store, JobExecutor executor, JobService service,
                     JobEventHub events, WebServer server) {
        this.events = events;
        this.config = config;
        this.store = store;
        this.executor = executor;
        this.service = service;
        this.server = server;
    }

    /**
     * Opens the store, marks jobs a previous run left unfinished as interrupted, starts the
     * runners and the HTTP server.
     *
     * @throws dev.jobregistry.application.port.out.StoreUnavailableException if the store cannot be opened
     */
    public static Registry start(RegistryConfig config, Clock clock, HandlerRegistry handlers) {
        JobStore store = openStore(config, clock);
        try {
            JobEventHub events = new JobEventHub();
            ExecutorSettings settings = new ExecutorSettings(config.maxRunning(), config.retain(),
                    ExecutorSettings.DEFAULTS.progressInterval());
            JobExecutor executor = new JobExecutor(store, handlers, events, clock, settings);
            JobService service = new JobService(store, handlers, executor, events, clock, new RandomJobIds(),
                    config.retain());
            int interrupted = service.recoverInterrupted();
            if (interrupted > 0) {
                LOG.log(Level.INFO, "Marked " + interrupted + " job(s) left unfinished by the last run as failed"
                        + " (\"Job interrupted by restart\")");
            }
            executor.start();
            HttpSettings http = new HttpSettings(config.host(), config.port(), config.allowedHosts(), config.token(),
                    config.maxBodyBytes());
            // the pages' read-only listings, under the same roots and ~ as the file handlers
            FileBrowser files = new FileBrowser(config.roots(), java.nio.file.Path.of(System.getProperty("user.home")));
            WebServer server = WebApi.server(service, files, events, http).build().start();
            return new Registry(config, store, executor, service, events, server);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * The clock the registry runs on: UTC with microsecond resolution, the precision job times
     * are written with (the original wrote Python's {@code time.time()}).
     */
    public static Clock systemClock() {
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    /** The handler registry with every handler found on the class path. */
    public static HandlerRegistry discoverHandlers(RegistryConfig config, Clock clock) {
        return new HandlerRegistry(new HandlerEnvironment(config.roots(), clock))
                .discover(Registry.class.getClassLoader());
    }

    private static JobStore openStore(RegistryConfig config, Clock clock) {
        return openStore(config.store(), config.storePath(), clock);
    }

    /**
     * Opens the store of {@code kind} on {@code path}, as the service does.
     *
     * @throws dev.jobregistry.application.port.out.StoreUnavailableException if the store cannot be opened
     */
    static JobStore openStore(RegistryConfig.StoreKind kind, java.nio.file.Path path, Clock clock) {
        StoreSettings settings = new StoreSettings(STORE_FLUSH_INTERVAL, clock);
        return switch (kind) {
            case JSON -> JsonFileJobStore.open(path, settings);
            case SQLITE -> SqliteJobStore.open(path, settings);
        };
    }

    /** The port the server listens on (useful with {@code --port 0}). */
    public int port() {
        return server.port();
    }

    /** The use cases, for embedding programs. */
    public JobService jobs() {
        return service;
    }

    /**
     * Stops in order: the server stops taking requests, running jobs are asked to cancel and
     * given the grace period to stop, then the store writes what it holds and closes. Safe to
     * call more than once and from several threads: every caller returns once the store is closed.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            boolean interrupted = false;
            while (true) {
                try {
                    stopped.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            stopInOrder();
        } finally {
            stopped.countDown();
        }
    }

    private void stopInOrder() {
        LOG.log(Level.INFO, "Stopping: no new requests; asking running jobs to cancel");
        events.close();
        server.stop();
        boolean allEnded = executor.shutdown(config.shutdownGrace(), service::cancel);
        if (!allEnded) {
            LOG.log(Level.WARNING, "Some jobs did not stop within " + config.shutdownGrace().toSeconds()
                    + " s; they will show as interrupted at the next start");
        }
        store.close();
        LOG.log(Level.INFO, "Stopped; the store is flushed and closed");
    }

    @Override
    public void close() {
        stop();
    }
}
