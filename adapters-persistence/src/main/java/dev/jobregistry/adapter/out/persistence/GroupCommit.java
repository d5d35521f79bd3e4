package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One writer thread that makes a store's changes durable, and lets any number of callers wait
 * for that. What a write captures and how it reaches the disk is the store's: both capture the
 * {@linkplain ChangeSet changes} since their last write; the jobs.json store appends them to its
 * {@linkplain JobsJournal journal} (and now and then folds every job into the file), the SQLite
 * store writes them in one transaction.
 *
 * <p>Every change to the store bumps its <em>generation</em>. A write captures contents together
 * with the generation they reach; once written, everything up to that generation is durable.
 * {@link #awaitDurable(long)} waits until the durable generation reaches the caller's; callers
 * arriving while a write is under way all wait for the next one, which covers them all (group
 * commit). Changes nobody waits for are written on the next periodic tick.
 *
 * <p>A failed write changes nothing in memory. The callers it was meant to cover get a
 * {@link StoreUnavailableException}; the next sync or tick tries again (a sink that writes
 * changes must keep the ones that failed and write them again with the next ones).
 *
 * @param <T> what one write captures
 */
final class GroupCommit<T> {

    /** Writes what was captured to disk; on return it is durable. */
    @FunctionalInterface
    interface Sink<T> {
        void write(T contents) throws IOException;

        /**
         * Called on the writer thread when a flush interval passed with everything durable, for
         * housekeeping (the jobs.json store folds its journal into the file). Nobody waits for it;
         * a failure is logged.
         */
        default void idle() throws IOException {
        }
    }

    private final System.Logger log;
    private final LongSupplier currentGeneration;
    private final Supplier<JobTable.Captured<T>> capture;
    private final Sink<T> sink;
    private final long flushIntervalNanos;
    private final String describe;
    private final Thread writer;

    /*
     * A ReentrantLock rather than a monitor: up to one caller per request thread waits here, and
     * virtual threads contending for a monitor spin (JDK 24+) or pin their carrier (JDK 21-23);
     * the JFR profile of the submit benchmark showed a third of all samples spinning on it.
     */
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a caller needs a write, or the store closes. */
    private final Condition writeNeeded = lock.newCondition();
    /** Signalled after every write attempt, and when the writer stops. */
    private final Condition attemptEnded = lock.newCondition();
    // Guarded by lock; volatile so that callers already covered return without taking it.
    private volatile long durableGeneration;
    // Guarded by lock.
    private long attemptsStarted;
    /** A waiter needs the write attempt with this number (or a later one) to cover it. */
    private long attemptNeeded;
    private long lastFailedAttempt;
    private Exception lastFailure;
    private boolean closing;
    private boolean stopped;

    /** Only the writer thread changes it. */
    private volatile long writes;
    /** Only the writer thread uses it. */
    private int failuresInARow;
    /** Only the writer thread uses it. */
    private boolean idleFailed;

    /**
     * @param currentGeneration the store's generation now, read without locking
     * @param capture           consistent contents of the store and the generation they reach
     * @param startGeneration   the generation already on disk when the store opens
     * @param describe          how messages name the file; the writer thread is named after it
     * @param log               where failed and recovered writes are reported
     */
    GroupCommit(LongSupplier currentGeneration, Supplier<JobTable.Captured<T>> capture, long startGeneration,
                Sink<T> sink, Duration flushInterval, String describe, System.Logger log) {
        this.currentGeneration = currentGeneration;
        this.capture = capture;
        this.durableGeneration = startGeneration;
        this.sink = sink;
        this.flushIntervalNanos = flushInterval.toNanos();
        this.describe = describe;
        this.log = log;
        this.writer = Thread.ofPlatform().name("writer of " + describe).daemon(true).unstarted(this::run);
    }

    void start() {
        writer.start();
    }

    /** How many writes reached the disk so far. */
    long writes() {
        return writes;
    }

    /**
     * Blocks until generation {@code generation} is durable.
     *
     * @throws StoreUnavailableException if a write meant to cover it failed, the writer has
     *                                   stopped, or the waiting thread was interrupted
     */
    void awaitDurable(long generation) {
        if (durableGeneration >= generation) {
            return;
        }
        lock.lock();
        try {
            if (durableGeneration >= generation) {
                return;
            }
            // Any attempt that starts from now on captures a generation at least as new as ours.
            long startedBefore = attemptsStarted;
            attemptNeeded = Math.max(attemptNeeded, startedBefore + 1);
            writeNeeded.signal();
            while (durableGeneration < generation) {
                if (lastFailedAttempt > startedBefore) {
                    throw new StoreUnavailableException(writeFailedMessage(lastFailure), lastFailure);
                }
                if (stopped) {
                    throw new StoreUnavailableException("the writer of " + describe + " has stopped, so changes "
                            + "can no longer be made durable (see the earlier log lines); restart the Job Registry");
                }
                try {
                    attemptEnded.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted while waiting for " + describe
                            + " to be written; the change is in memory and will be written shortly", e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is not durable yet and stops the writer.
     *
     * @throws StoreUnavailableException if that last write failed: those changes are lost
     */
    void close() {
        lock.lock();
        try {
            closing = true;
            writeNeeded.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                // The last write is under way; leaving now would let the caller release the file lock under it.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            if (durableGeneration < currentGeneration.getAsLong()) {
                throw new StoreUnavailableException("closing: the last changes could not be written to " + describe
                        + " and are lost" + (lastFailure != null ? " (" + lastFailure + ")" : ""), lastFailure);
            }
        } finally {
            lock.unlock();
        }
    }

    private String writeFailedMessage(Exception failure) {
        return "could not write " + describe + " (" + failure + "); the jobs are kept in memory and the write is "
                + "retried: free disk space or fix the folder's permissions";
    }

    private void run() {
        try {
            long nextTick = System.nanoTime() + flushIntervalNanos;
            boolean last = false;
            while (!last) {
                long attempt = 0;
                boolean idle = false;
                lock.lock();
                try {
                    while (true) {
                        boolean dirty = currentGeneration.getAsLong() > durableGeneration;
                        if (closing) {
                            if (!dirty) {
                                return;
                            }
                            last = true;
                            break;
                        }
                        if (dirty && attemptsStarted < attemptNeeded) {
                            break;
                        }
                        long wait = nextTick - System.nanoTime();
                        if (wait <= 0) {
                            nextTick = System.nanoTime() + flushIntervalNanos;
                            idle = !dirty;
                            break;
                        }
                        writeNeeded.awaitNanos(wait);
                    }
                    if (!idle) {
                        attempt = ++attemptsStarted;
                    }
                } finally {
                    lock.unlock();
                }
                if (idle) {
                    idleOnce();
                } else {
                    writeOnce(attempt);
                }
            }
        } catch (InterruptedException e) {
            log.log(ERROR, "the writer of " + describe + " was interrupted and stopped; changes from now on "
                    + "are not written", e);
        } catch (RuntimeException | Error e) {
            log.log(ERROR, "the writer of " + describe + " failed and stopped; changes from now on are not written", e);
            throw e;
        } finally {
            lock.lock();
            try {
                stopped = true;
                attemptEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void idleOnce() {
        try {
            sink.idle();
            idleFailed = false;
        } catch (IOException | RuntimeException e) {
            if (!idleFailed) {
                log.log(WARNING, "housekeeping of " + describe + " failed (" + e + "); the jobs are safe and it is "
                        + "retried when the store is idle. Not reported again until it succeeds.", e);
            }
            idleFailed = true;
        }
    }

    private void writeOnce(long attempt) {
        JobTable.Captured<T> captured = capture.get();
        Exception failure = null;
        try {
            sink.write(captured.contents());
            writes++;
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        // Log before waking the callers, so that the log already says what they are told.
        if (failure != null && failuresInARow == 0) {
            log.log(WARNING, writeFailedMessage(failure) + ". Further failures are not logged until a write succeeds.",
                    failure);
        } else if (failure == null && failuresInARow > 0) {
            log.log(INFO, describe + " was written again after " + failuresInARow + " failed attempt(s)");
        }
        failuresInARow = failure == null ? 0 : failuresInARow + 1;
        lock.lock();
        try {
            if (failure == null) {
                durableGeneration = Math.max(durableGeneration, captured.generation());
            } else {
                lastFailedAttempt = attempt;
                lastFailure = failure;
            }
            attemptEnded.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
