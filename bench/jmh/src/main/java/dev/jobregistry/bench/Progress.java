package dev.jobregistry.bench;

import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What reporting progress costs a job: one job whose handler runs a 1,000,000-step loop calling
 * {@code setProgress(i, 1000000, null)} each step ({@link #withProgress}), against the same loop
 * without the call ({@link #withoutProgress}). Each invocation is one job, timed from its submit
 * until it is seen finished (polled every 1 ms). The added time is the difference of the scores.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 10)
@Measurement(iterations = 40)
public class Progress {

    static final long STEPS = 1_000_000;

    static volatile long sink;

    /** The store: json (jobs.json) or sqlite (jobs.db). */
    @Param({"json", "sqlite"})
    public String store;

    private InProcessRegistry registry;

    @Setup(Level.Trial)
    public void start() throws Exception {
        registry = InProcessRegistry.start(store, 100_000, handlers -> handlers
                .register("bench-progress", new Loop(true))
                .register("bench-plain", new Loop(false)));
    }

    @Benchmark
    public Object withProgress() throws Exception {
        return registry.runOne("bench-progress");
    }

    @Benchmark
    public Object withoutProgress() throws Exception {
        return registry.runOne("bench-plain");
    }

    @TearDown(Level.Trial)
    public void stop() {
        registry.close();
        registry = null;
    }

    /** {@value #STEPS} loop steps, reporting each as progress or not (also StoreWrites' jobs). */
    record Loop(boolean report) implements JobHandler {
        @Override
        public void run(JobContext context, JobParams params) {
            long acc = 0;
            for (long i = 1; i <= STEPS; i++) {
                acc += i * 31;
                if (report) {
                    context.setProgress(i, STEPS, null);
                }
            }
            sink = acc;
        }
    }
}
