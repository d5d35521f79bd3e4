package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobContext;

/**
 * A job's byte progress: {@code total} from the scan (or unknown), {@code completed} counting bytes
 * written (and bytes of items skipped or renamed, so it reaches {@code total}), {@code detail}
 * naming the current file. Updates the context on every call; that is cheap (memory only), and
 * callers call per buffer or per file at most. Safe to use from several threads (copy workers).
 */
final class Progress implements FileCopier.ByteListener {

    private final JobContext context;
    private long completed;
    private Long total;

    Progress(JobContext context) {
        this.context = context;
    }

    /** Sets the total, in bytes, when the scan knows it. */
    synchronized void total(long bytes) {
        total = bytes;
        context.setProgress(completed, total, null);
    }

    /** A new item begins: says what is happening and names it. */
    synchronized void item(String detail, String message) {
        context.setMessage(message);
        context.setProgress(completed, total, detail);
    }

    @Override
    public synchronized void written(long bytes) {
        completed += bytes;
        context.setProgress(completed, total, null);
    }

    /** Bytes dealt with without writing them (renamed in place, or skipped). */
    void passed(long bytes) {
        written(bytes);
    }

    synchronized long completed() {
        return completed;
    }

    /** The work is over: {@code completed} becomes the total, whatever the scan said. */
    synchronized void done() {
        total = completed;
        context.setProgress(completed, total, null);
    }
}
