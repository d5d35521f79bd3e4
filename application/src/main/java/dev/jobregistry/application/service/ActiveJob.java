package dev.jobregistry.application.service;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.Progress;
import dev.jobregistry.domain.Transition;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A job this node has taken from the queue, from just before it starts until its end is
 * written. It holds the live state (progress and messages are applied here first, and reach the
 * store and the listeners when {@link JobExecutor#flushProgress()} runs), the cancel signal and
 * the attached subprocess.
 *
 * <p>Its monitor orders everything that happens to the job: a move, the store write that
 * records it and the event that announces it happen together under {@code synchronized (this)},
 * so a late progress write can never overwrite a cancel request or an end.
 */
final class ActiveJob {

    private final CountDownLatch cancelSignal = new CountDownLatch(1);
    private volatile boolean cancelRequested;

    private Job current;
    private boolean dirty;
    private boolean ended;
    private Process process;
    private String finishMessage;
    private Map<String, ?> finishResult;

    ActiveJob(Job job) {
        this.current = job;
        this.cancelRequested = job.cancelRequested();
    }

    JobId id() {
        return current.id();
    }

    synchronized Job snapshot() {
        return current;
    }

    /** Makes {@code job} the live state; the caller holds the monitor and has written it. */
    void set(Job job) {
        current = job;
        dirty = false;
        if (job.isFinished()) {
            ended = true;
        }
    }

    synchronized void reportProgress(Progress update) {
        if (current.reportProgress(update) instanceof Transition.Moved moved) {
            current = moved.job();
            dirty = true;
        }
    }

    synchronized void reportMessage(String message) {
        if (current.reportMessage(message) instanceof Transition.Moved moved) {
            current = moved.job();
            dirty = true;
        }
    }

    /** The state to publish if it changed since the last publication, else null; the caller holds the monitor. */
    Job takeDirty() {
        if (!dirty || ended) {
            return null;
        }
        dirty = false;
        return current;
    }

    boolean ended() {
        return ended;
    }

    synchronized void finish(String message, Map<String, ?> result) {
        finishMessage = message;
        finishResult = result;
    }

    synchronized String finishMessage() {
        return finishMessage;
    }

    synchronized Map<String, ?> finishResult() {
        return finishResult;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    /** Wakes the handler's pauses and kills its subprocess. Call without holding the monitor. */
    void signalCancel() {
        cancelRequested = true;
        cancelSignal.countDown();
        Process toKill;
        synchronized (this) {
            toKill = process;
        }
        if (toKill != null) {
            kill(toKill);
        }
    }

    /** Waits up to {@code nanos}; true if cancellation was requested before or during the wait. */
    boolean awaitCancel(long nanos) throws InterruptedException {
        return cancelSignal.await(nanos, TimeUnit.NANOSECONDS);
    }

    void attach(Process attached) {
        synchronized (this) {
            process = attached;
        }
        if (cancelRequested) {
            kill(attached);
        }
    }

    synchronized void detach() {
        process = null;
    }

    private static void kill(Process process) {
        try {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (UnsupportedOperationException e) {
            // a Process implementation without a native handle has no descendants to find
        }
        process.destroyForcibly();
    }
}
