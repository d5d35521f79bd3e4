package dev.jobregistry.adapter.out.persistence;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a store behaves; the same for every store in this adapter ({@link JsonFileJobStore},
 * {@link SqliteJobStore}).
 *
 * @param flushInterval how long a change nobody {@linkplain dev.jobregistry.application.port.out.JobStore#sync()
 *                      syncs} may stay in memory only before the store writes it anyway; positive
 * @param clock         the clock for the timestamps in the names of set-aside files
 *                      ({@code jobs.json.corrupt-20241204-120000}) and for the {@code created_at} of
 *                      jobs.json records that lack one
 */
public record StoreSettings(Duration flushInterval, Clock clock) {

    /** The flush interval when none is configured. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);

    public StoreSettings {
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(clock, "clock");
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("the flush interval must be positive, got " + flushInterval);
        }
    }

    /** A one-second flush interval and the system clock in the local time zone. */
    public static StoreSettings defaults() {
        return new StoreSettings(DEFAULT_FLUSH_INTERVAL, Clock.systemDefaultZone());
    }
}
