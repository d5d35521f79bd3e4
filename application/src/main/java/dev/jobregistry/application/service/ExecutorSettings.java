package dev.jobregistry.application.service;

import java.time.Duration;

/**
 * How the executor runs jobs.
 *
 * @param maxRunning       how many jobs run at once on this node; the rest wait as pending, first in first out
 * @param retain           how many finished jobs to keep; older ones are pruned, oldest end first
 * @param progressInterval how often changed progress and messages are written to the store and
 *                         announced to listeners; {@link Duration#ZERO} starts no flusher (tests
 *                         call {@link JobExecutor#flushProgress()} themselves)
 */
public record ExecutorSettings(int maxRunning, int retain, Duration progressInterval) {

    /** The original registry's defaults: 4 at once, 200 kept, progress published 4 times a second. */
    public static final ExecutorSettings DEFAULTS = new ExecutorSettings(4, 200, Duration.ofMillis(250));

    public ExecutorSettings {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("max-running must be at least 1, got " + maxRunning);
        }
        if (retain < 0) {
            throw new IllegalArgumentException("retain must be 0 or more, got " + retain);
        }
        if (progressInterval.isNegative()) {
            throw new IllegalArgumentException("the progress interval is not negative");
        }
    }
}
