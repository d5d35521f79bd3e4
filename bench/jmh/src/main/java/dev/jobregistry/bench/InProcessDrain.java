package dev.jobregistry.bench;

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
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The in-process drain: {@link #jobs} noop jobs submitted through {@code JobsUseCase.submit} from
 * 16 virtual threads, timed until no job is pending or running. Each iteration gets a fresh
 * registry on a fresh temp folder (started, and given a 2,000-job warm-up drain, outside the
 * timing), so every drain starts from the same store. The score is seconds per drain; the rate
 * is {@code jobs / score}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Timeout(time = 10, timeUnit = TimeUnit.MINUTES)
public class InProcessDrain {

    /** The store: json (jobs.json) or sqlite (jobs.db). */
    @Param({"json", "sqlite"})
    public String store;

    /** Jobs per drain; also the registry's --retain, so none of them is pruned before the end. */
    @Param("100000")
    public int jobs;

    private InProcessRegistry registry;

    @Setup(Level.Iteration)
    public void start() throws Exception {
        registry = InProcessRegistry.start(store, jobs, handlers -> handlers);
        registry.drain(2_000);
    }

    @Benchmark
    public int drain() throws Exception {
        return registry.drain(jobs);
    }

    @TearDown(Level.Iteration)
    public void stop() {
        registry.close();
        registry = null;
    }
}
