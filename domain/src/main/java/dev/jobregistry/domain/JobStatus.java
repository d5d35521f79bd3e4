package dev.jobregistry.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * The five states of a job. Three of them are terminal: once a job is {@link #SUCCEEDED},
 * {@link #FAILED} or {@link #CANCELLED}, nothing changes it again.
 *
 * <pre>
 * pending ──start──▶ running ──handler returns──▶ succeeded
 *    │                  │ ──handler throws─────▶ failed
 *    │                  │ ──cancel observed────▶ cancelled
 *    └──cancel──▶ cancelled      (restart: pending/running ─▶ failed)
 * </pre>
 */
public enum JobStatus {
    /** Accepted and waiting for a free runner; no handler code has run yet. */
    PENDING,
    /** A handler is working on the job; it may report progress and observe a cancel request. */
    RUNNING,
    /** Terminal: the handler returned normally (even after a cancel request: the work was done). */
    SUCCEEDED,
    /** Terminal: the handler threw, or the job was interrupted by a restart; {@code error} says why. */
    FAILED,
    /** Terminal: cancelled while pending, or the handler observed a cancel request. */
    CANCELLED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** True for the states nothing can leave. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The lower-case name used on the wire and in jobs.json ({@code "running"}). */
    public String wireName() {
        return wireName;
    }

    /** The status with this wire name, if there is one. */
    public static Optional<JobStatus> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (JobStatus status : values()) {
            if (status.wireName().equals(name)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
