package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.handlers.NoopHandler;
import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.service.ExecutorSettings;
import dev.jobregistry.application.service.HandlerRegistry;
import dev.jobregistry.application.service.JobExecutor;
import dev.jobregistry.application.service.JobService;
import dev.jobregistry.application.service.RandomJobIds;
import dev.jobregistry.application.spi.HandlerEnvironment;
import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.testing.InMemoryJobStore;
import dev.jobregistry.application.testing.SettableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link JobService} over an in-memory store, with one runner (so a blocked job keeps the
 * next one pending) and these job types:
 *
 * <ul>
 *   <li>{@code noop}: the shipped handler;</li>
 *   <li>{@code blocking}: runs until the test opens the gate named by {@code params.gate}, or
 *       until its cancellation is requested;</li>
 *   <li>{@code picky}: its validation rejects {@code params.bad};</li>
 *   <li>{@code reporting}: reports progress 5 of 12 on "a.txt" and ends with a result;</li>
 *   <li>{@code failing}: throws.</li>
 * </ul>
 */
final class TestRegistry implements AutoCloseable {

    /** The moment the clock starts at: a fraction with microseconds (and nanoseconds the wire drops). */
    static final Instant START = Instant.parse("2024-12-04T12:00:00.123456789Z");

    final SettableClock clock = new SettableClock(START);
    final JobStore store;
    final JobService jobs;
    final JobEventHub events = new JobEventHub(Duration.ofMillis(300), 64);
    final FakeFileBrowser files = new FakeFileBrowser();
    private final JobExecutor executor;
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    TestRegistry() {
        this(new InMemoryJobStore());
    }

    TestRegistry(JobStore store) {
        this.store = store;
        HandlerRegistry handlers = new HandlerRegistry(new HandlerEnvironment(List.of(), clock))
                .register("noop", new NoopHandler())
                .register("blocking", new BlockingHandler())
                .register("picky", new PickyHandler())
                .register("reporting", new ReportingHandler())
                .register("failing", (context, params) -> {
                    throw new IllegalStateException("disk on fire");
                });
        ExecutorSettings settings = new ExecutorSettings(1, 1_000, Duration.ZERO);
        this.executor = new JobExecutor(store, handlers, events, clock, settings);
        this.jobs = new JobService(store, handlers, executor, events, clock, new RandomJobIds(), settings.retain());
        executor.start();
    }

    /** Publishes changed progress to the store and the event hub, as the executor's flusher would. */
    void flushProgress() {
        executor.flushProgress();
    }

    /** Lets the {@code blocking} job waiting on {@code name} finish. */
    void open(String name) {
        gate(name).countDown();
    }

    /** Opens every gate, so no test leaves the one runner blocked. */
    void openAll() {
        gates.values().forEach(CountDownLatch::countDown);
    }

    private CountDownLatch gate(String name) {
        return gates.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    @Override
    public void close() {
        openAll();
        executor.shutdown(Duration.ofSeconds(5), jobs::cancel);
    }

    private final class BlockingHandler implements JobHandler {
        @Override
        public void validate(JobParams params) throws InvalidParamsException {
            params.requiredString("gate");
        }

        @Override
        public void run(JobContext context, JobParams params) throws Exception {
            CountDownLatch gate = gate(params.requiredString("gate"));
            context.setMessage("Waiting at the gate");
            while (!gate.await(20, TimeUnit.MILLISECONDS)) {
                context.checkCancelled();
            }
            context.finish("Through the gate", null);
        }
    }

    private static final class PickyHandler implements JobHandler {
        @Override
        public void validate(JobParams params) throws InvalidParamsException {
            if (params.has("bad")) {
                throw new InvalidParamsException("params.bad is not allowed; leave it out");
            }
        }

        @Override
        public void run(JobContext context, JobParams params) {
        }
    }

    private static final class ReportingHandler implements JobHandler {
        @Override
        public void run(JobContext context, JobParams params) {
            context.setMessage("Copying");
            context.setProgress(5L, 12L, "a.txt");
            context.finish("Copied", Map.of("count", 3));
        }
    }
}
