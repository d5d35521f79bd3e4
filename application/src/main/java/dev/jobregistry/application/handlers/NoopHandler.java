package dev.jobregistry.application.handlers;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.spi.JobType;

import java.time.Duration;

/**
 * The {@code noop} job, for trying the registry out: it reports a progress tick every 0.2 s
 * until {@code duration} seconds have passed, then succeeds with {@code message}.
 *
 * <p>Params: {@code duration} (seconds, default 0, at most one day), {@code message} (default
 * "Working" while running, "Completed" at the end, as in the original). A duration of 0 makes
 * one tick and no pause. A cancel request stops it at once: the pause between ticks wakes on it.
 */
@JobType("noop")
public final class NoopHandler implements JobHandler {

    /** The time between two progress ticks. */
    public static final Duration TICK = Duration.ofMillis(200);

    private static final double MAX_DURATION_SECONDS = 86_400;

    @Override
    public void validate(JobParams params) throws InvalidParamsException {
        double duration = params.number("duration", 0);
        if (!(duration >= 0 && duration <= MAX_DURATION_SECONDS)) {
            throw new InvalidParamsException("params.duration must be between 0 and "
                    + (long) MAX_DURATION_SECONDS + " seconds, got " + duration);
        }
        params.string("message");
    }

    @Override
    public void run(JobContext context, JobParams params) throws InvalidParamsException, JobCancelledException {
        long durationNanos = Math.round(params.number("duration", 0) * 1e9);
        String message = params.string("message").orElse(null);
        long tickNanos = TICK.toNanos();
        long steps = Math.max(1, (durationNanos + tickNanos - 1) / tickNanos);
        for (long step = 0; step < steps; step++) {
            context.checkCancelled();
            context.setMessage(message != null ? message : "Working");
            context.setProgress(step + 1, steps, null);
            long remaining = durationNanos - step * tickNanos;
            if (remaining > 0) {
                context.pause(Duration.ofNanos(Math.min(tickNanos, remaining)));
            }
        }
        context.finish(message != null ? message : "Completed", null);
    }
}
