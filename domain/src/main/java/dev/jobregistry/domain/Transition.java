package dev.jobregistry.domain;

/**
 * The outcome of asking a job to move: either the job in its new state, or the reason the move
 * is not allowed from the state it is in. Callers must handle both.
 */
public sealed interface Transition {

    /** The move happened; {@code job} is the job after it. */
    record Moved(Job job) implements Transition {
    }

    /** The move is not allowed; {@code job} is unchanged and {@code reason} says why. */
    record Refused(Job job, String reason) implements Transition {
    }
}
