package dev.jobregistry.application.service;

import dev.jobregistry.domain.JobId;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Makes job ids {@code job-} + 16 hex digits: 64 random bits from a {@link SecureRandom}, so ids
 * stay unique across restarts and across nodes sharing one store (the original's 8 hex digits
 * collide after tens of thousands of jobs; 64 bits make a collision among a million jobs about
 * a one-in-thirty-million event, and the store refuses a duplicate id anyway).
 */
public final class RandomJobIds implements Supplier<JobId> {

    private final SecureRandom random = new SecureRandom();

    @Override
    public JobId get() {
        return new JobId(JobId.PREFIX + HexFormat.of().toHexDigits(random.nextLong()));
    }
}
