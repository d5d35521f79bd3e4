package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.out.JobChangeListener;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Fans job changes out to the open event streams ({@code GET /api/jobs/events}).
 *
 * <p>Each stream has a {@link Subscription}: a buffer of pending changes keyed by job, so a job
 * that changes again before the stream has written the last change is written once, in its latest
 * state (progress already arrives at most four times a second per job; the buffer coalesces
 * further for a slow client). Handing a change to a subscription is a map put under that
 * subscription's own lock: the job that changed never waits for a client, and clients never wait
 * for each other. A subscription whose buffer holds more than {@code maxPendingJobs} distinct jobs
 * belongs to a client that stopped reading: it is dropped, its stream ends, and the browser's
 * {@code EventSource} reconnects and starts again from a fresh snapshot.
 *
 * <p>An idle stream costs one parked virtual thread (no platform thread, on any Java version) and
 * one small object; see the README for a measurement of a thousand idle streams.
 */
public final class JobEventHub implements JobChangeListener {

    /** Keep-alive comments every 20 s: under the 25 s the contract asks, and under common proxy timeouts. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(20);

    /** A client with more distinct jobs waiting than this is too slow and is dropped. */
    public static final int DEFAULT_MAX_PENDING_JOBS = 1_024;

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** Counts every change handed out; a snapshot read at version V holds every change up to V. */
    private final AtomicLong version = new AtomicLong();
    private final Duration keepAlive;
    private final int maxPendingJobs;
    private volatile boolean closed;

    /** A hub with the default keep-alive and buffer bound. */
    public JobEventHub() {
        this(DEFAULT_KEEP_ALIVE, DEFAULT_MAX_PENDING_JOBS);
    }

    /**
     * @param keepAlive      how long a stream may stay silent before it sends a comment line
     * @param maxPendingJobs how many distinct jobs may wait for a slow client before it is dropped
     */
    public JobEventHub(Duration keepAlive, int maxPendingJobs) {
        if (!keepAlive.isPositive() || maxPendingJobs < 1) {
            throw new IllegalArgumentException("keep-alive must be positive and the buffer at least one job");
        }
        this.keepAlive = keepAlive;
        this.maxPendingJobs = maxPendingJobs;
    }

    @Override
    public void jobChanged(Job job) {
        version.incrementAndGet(); // before the offers: see version()
        for (Subscription subscription : subscriptions) {
            subscription.offer(job.id(), job);
        }
    }

    @Override
    public void jobRemoved(JobId id) {
        version.incrementAndGet();
        for (Subscription subscription : subscriptions) {
            subscription.offer(id, null);
        }
    }

    /**
     * How many changes the hub has handed out. A change is counted before it is offered to the
     * subscriptions, and the use cases report a change after making it visible to reads: so when a
     * subscription is open and the version then reads V, a list of jobs read afterwards holds every
     * change up to V, and every later change reaches the subscription. Streams use it to share one
     * snapshot while nothing changed.
     */
    long version() {
        return version.get();
    }

    /** How many streams are open. */
    public int streams() {
        return subscriptions.size();
    }

    /**
     * Ends every stream and refuses new ones: called when the server stops, so no stream holds
     * the shutdown up until its next keep-alive.
     */
    public void close() {
        closed = true;
        for (Subscription subscription : subscriptions) {
            subscription.end();
        }
    }

    /** Starts buffering the changes of every job, or of {@code only} that job. */
    Subscription subscribe(Optional<JobId> only) {
        Subscription subscription = new Subscription(only.orElse(null));
        subscriptions.add(subscription);
        if (closed) {
            subscription.end();
        }
        return subscription;
    }

    /** What a stream writes next: changed jobs (latest state each) and removed ids, in the order they first changed. */
    record Batch(List<Job> changed, List<JobId> removed) {
        boolean isEmpty() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * One stream's buffer of pending changes. Guarded by a {@link ReentrantLock}, not a monitor:
     * on Java 21 a virtual thread waiting in {@code Object.wait} pins its carrier thread, so a few
     * hundred idle streams would take every carrier; waiting on a {@link Condition} unmounts it on
     * every Java version, and an idle stream holds no platform thread.
     */
    final class Subscription implements AutoCloseable {
        private final JobId only;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        /** The latest state of each job changed since the last batch; null marks a removal. */
        private final Map<JobId, Job> pending = new LinkedHashMap<>();
        private boolean ended;
        private boolean dropped;

        private Subscription(JobId only) {
            this.only = only;
        }

        private void offer(JobId id, Job job) {
            if (only != null && !only.equals(id)) {
                return;
            }
            lock.lock();
            try {
                if (ended) {
                    return;
                }
                pending.put(id, job);
                if (pending.size() > maxPendingJobs) {
                    dropped = true;
                    ended = true;
                    pending.clear();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private void end() {
            lock.lock();
            try {
                ended = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * Waits up to the keep-alive interval for changes.
         *
         * @return the pending changes (empty when the wait ran out: time for a keep-alive), or
         *         empty when the stream should end: see {@link #isOver()}
         */
        Batch next() throws InterruptedException {
            lock.lock();
            try {
                long left = keepAlive.toNanos();
                while (pending.isEmpty() && !ended && left > 0) {
                    left = changed.awaitNanos(left);
                }
                List<Job> changedJobs = new ArrayList<>(pending.size());
                List<JobId> removed = new ArrayList<>();
                for (Map.Entry<JobId, Job> entry : pending.entrySet()) {
                    if (entry.getValue() == null) {
                        removed.add(entry.getKey());
                    } else {
                        changedJobs.add(entry.getValue());
                    }
                }
                pending.clear();
                return new Batch(changedJobs, removed);
            } finally {
                lock.unlock();
            }
        }

        /** Whether the stream should end: the hub closed, or the client fell too far behind. */
        boolean isOver() {
            lock.lock();
            try {
                return ended;
            } finally {
                lock.unlock();
            }
        }

        /** Whether the client was dropped for not reading. */
        boolean wasDropped() {
            lock.lock();
            try {
                return dropped;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            end();
            subscriptions.remove(this);
        }
    }
}
