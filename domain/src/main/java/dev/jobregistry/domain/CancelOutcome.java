package dev.jobregistry.domain;

/** What a cancel request did to a job, one case for each row of the contract's cancel semantics. */
public sealed interface CancelOutcome {

    /** The job was still pending and is now cancelled; no handler ever ran. */
    record CancelledAtOnce(Job job) implements CancelOutcome {
    }

    /**
     * The job is running and now carries {@code cancel_requested}; its handler stops at its next
     * cancellation check, and an attached subprocess is to be killed.
     */
    record CancelRequested(Job job) implements CancelOutcome {
    }

    /** The job had already finished; nothing changed. */
    record AlreadyFinished(Job job) implements CancelOutcome {
    }
}
