package dev.jobregistry.domain;

/**
 * How far a running job has come. Each part is optional ({@code null} when the handler has not
 * said): {@code completed} and {@code total} are counts in the handler's own unit (steps, bytes,
 * files), {@code detail} names what it is working on now.
 */
public record Progress(Long completed, Long total, String detail) {

    /** Progress with nothing reported yet. */
    public static final Progress EMPTY = new Progress(null, null, null);

    /**
     * This progress with every part that {@code update} sets replaced, and every part it leaves
     * {@code null} kept, as the original {@code set_progress} merged.
     */
    public Progress mergedWith(Progress update) {
        return new Progress(
                update.completed != null ? update.completed : completed,
                update.total != null ? update.total : total,
                update.detail != null ? update.detail : detail);
    }
}
