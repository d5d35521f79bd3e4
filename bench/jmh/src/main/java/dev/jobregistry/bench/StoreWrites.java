package dev.jobregistry.bench;

import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;

import java.util.Locale;

/**
 * Not a JMH benchmark (JMH does not count store writes): the store writes progress causes, in
 * process, printed as {@code key value} lines for bench/run.sh. Those of a job calling
 * set-progress 1,000,000 times ({@link Progress.Loop}) against the same job without, and those of
 * a job calling it in a busy loop for {@code -Dbench.progressSeconds} (default 3), per second.
 * Store writes are counted from just before a job's submit until {@link #SETTLE_MILLIS} after it
 * is seen finished, so each count is the job's own.
 *
 * <p>{@code java -cp 'bench/jmh/target/bench.jar:bench/jmh/target/libs/*' dev.jobregistry.bench.StoreWrites json|sqlite}
 */
public final class StoreWrites {

    /** How long the timed progress job calls set-progress. */
    static final double PROGRESS_SECONDS = Double.parseDouble(System.getProperty("bench.progressSeconds", "3"));

    /**
     * Wait after a job is seen finished before reading the store's write counter: the store may keep a
     * change nobody waits for (a job's end) in memory for up to 500 ms (Registry.STORE_FLUSH_INTERVAL).
     */
    static final long SETTLE_MILLIS = 1_500;

    private StoreWrites() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !(args[0].equals("json") || args[0].equals("sqlite"))) {
            throw new IllegalArgumentException("usage: StoreWrites json|sqlite");
        }
        // The same --retain as the JMH Progress benchmark's registry.
        try (InProcessRegistry registry = InProcessRegistry.start(args[0], 100_000, handlers -> handlers
                .register("bench-progress", new Progress.Loop(true))
                .register("bench-plain", new Progress.Loop(false))
                .register("bench-progress-timed", new TimedProgress()))) {
            // Each job alone, twice (the first round warms up).
            long plainWrites = 0;
            long writes = 0;
            for (int round = 0; round < 2; round++) {
                plainWrites = writesOf(registry, "bench-plain");
                writes = writesOf(registry, "bench-progress");
            }
            System.out.printf(Locale.ROOT, "progress_plain_store_writes %d%nprogress_store_writes %d%n",
                    plainWrites, writes);

            // Timed progress: set-progress in a busy loop for PROGRESS_SECONDS, so that its store
            // writes per second mean something (the 1,000,000-call job lasts well under 1 s).
            long before = registry.storeWrites();
            long start = System.nanoTime();
            registry.runOne("bench-progress-timed");
            double timed = (System.nanoTime() - start) / 1e9;
            Thread.sleep(SETTLE_MILLIS);
            long timedWrites = registry.storeWrites() - before;
            System.out.printf(Locale.ROOT,
                    "progress_timed_seconds %.3f%nprogress_timed_calls %d%nprogress_timed_store_writes %d%n"
                            + "progress_timed_writes_per_second %.2f%n",
                    timed, TimedProgress.calls, timedWrites, timedWrites < 0 ? -1.0 : timedWrites / timed);
        }
    }

    /** Runs one job of {@code type} to its end and returns the store writes it caused. */
    private static long writesOf(InProcessRegistry registry, String type) throws Exception {
        long before = registry.storeWrites();
        registry.runOne(type);
        Thread.sleep(SETTLE_MILLIS);
        return registry.storeWrites() - before;
    }

    /** Calls set-progress with increasing values in a busy loop for {@link #PROGRESS_SECONDS}. */
    static final class TimedProgress implements JobHandler {
        static volatile long calls;

        @Override
        public void run(JobContext context, JobParams params) {
            long end = System.nanoTime() + (long) (PROGRESS_SECONDS * 1e9);
            long i = 0;
            do {
                for (int k = 0; k < 1_000; k++) {
                    i++;
                    context.setProgress(i, null, null);
                }
            } while (System.nanoTime() < end);
            calls = i;
        }
    }
}
