package dev.jobregistry.application.service;

import dev.jobregistry.application.port.out.JobChangeListener;
import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Transition;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs: {@code maxRunning} runner threads (virtual threads) take job ids from one FIFO
 * queue, start the job with a compare-and-set on the store, call its handler, and record how it
 * ended. A second virtual thread publishes changed progress every {@code progressInterval}.
 *
 * <p>What each step costs the store: starting and ending a job are one in-memory replace each
 * (they reach the disk with the store's next write, not waited for); progress costs nothing per
 * call, and one replace per job per interval when it changed.
 */
public final class JobExecutor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JobExecutor.class.getName());
    private static final JobId STOP = new JobId("job-stop-runner");

    private final JobStore store;
    private final HandlerRegistry handlers;
    private final JobChangeListener listener;
    private final Clock clock;
    private final ExecutorSettings settings;

    private final LinkedBlockingDeque<JobId> queue = new LinkedBlockingDeque<>();
    private final ConcurrentHashMap<JobId, ActiveJob> active = new ConcurrentHashMap<>();
    private final List<Thread> runners = new ArrayList<>();
    private Thread flusher;
    private volatile boolean stopping;

    public JobExecutor(JobStore store, HandlerRegistry handlers, JobChangeListener listener, Clock clock,
                       ExecutorSettings settings) {
        this.store = store;
        this.handlers = handlers;
        this.listener = listener;
        this.clock = clock;
        this.settings = settings;
    }

    /** Starts the runners and the progress flusher. */
    public synchronized void start() {
        if (!runners.isEmpty()) {
            throw new IllegalStateException("the executor is already started");
        }
        for (int i = 0; i < settings.maxRunning(); i++) {
            runners.add(Thread.ofVirtual().name("job-runner-", i).start(this::runLoop));
        }
        if (settings.progressInterval().isPositive()) {
            flusher = Thread.ofVirtual().name("job-progress-flusher").start(this::flushLoop);
        }
    }

    /** Queues a pending job to run when a runner is free. */
    public void enqueue(JobId id) {
        if (!stopping) {
            queue.addLast(id);
        }
    }

    /** How many queued ids wait for a runner (cancelled pending jobs included until a runner skips them). */
    public int queued() {
        return queue.size();
    }

    Optional<ActiveJob> active(JobId id) {
        return Optional.ofNullable(active.get(id));
    }

    Collection<ActiveJob> actives() {
        return active.values();
    }

    /**
     * Writes every active job's changed progress and message to the store (in memory; the store
     * makes it durable with its next write) and announces it to the listener. Called by the
     * flusher thread every {@code progressInterval}.
     */
    public void flushProgress() {
        for (ActiveJob job : active.values()) {
            synchronized (job) {
                Job changed = job.takeDirty();
                if (changed != null && store.replace(changed, JobStatus.RUNNING)) {
                    listener.jobChanged(changed);
                }
            }
        }
    }

    private void flushLoop() {
        long intervalNanos = settings.progressInterval().toNanos();
        while (!stopping) {
            try {
                TimeUnit.NANOSECONDS.sleep(intervalNanos);
                flushProgress();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not publish job progress: " + e.getMessage(), e);
            }
        }
    }

    private void runLoop() {
        while (true) {
            JobId id;
            try {
                id = queue.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            if (id == STOP) {
                return;
            }
            try {
                run(id);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "Runner failed while running " + id + ": " + e, e);
            }
        }
    }

    /** Runs one queued job to its end on the calling thread. */
    void run(JobId id) {
        Optional<Job> stored = store.find(id);
        if (stored.isEmpty() || stored.get().status() != JobStatus.PENDING) {
            return; // cancelled (or deleted) while it waited
        }
        ActiveJob job = new ActiveJob(stored.get());
        active.put(id, job);
        try {
            if (!startJob(job)) {
                return;
            }
            JobHandler handler = handlers.find(job.snapshot().type()).orElse(null);
            Outcome outcome = handler == null
                    ? Outcome.failed("No handler registered for job type \"" + job.snapshot().type() + "\"")
                    : invoke(handler, job);
            endJob(job, outcome);
        } finally {
            active.remove(id);
        }
        for (JobId pruned : store.pruneFinished(settings.retain())) {
            listener.jobRemoved(pruned);
        }
    }

    private boolean startJob(ActiveJob job) {
        synchronized (job) {
            if (job.snapshot().start(clock.instant()) instanceof Transition.Moved moved
                    && store.replace(moved.job(), JobStatus.PENDING)) {
                job.set(moved.job());
                listener.jobChanged(moved.job());
                return true;
            }
            return false;
        }
    }

    private Outcome invoke(JobHandler handler, ActiveJob job) {
        Job snapshot = job.snapshot();
        try {
            handler.run(new RunningJobContext(job), JobParams.of(snapshot.params()));
            return Outcome.succeeded(job.finishMessage(), job.finishResult());
        } catch (JobCancelledException e) {
            return Outcome.CANCELLED;
        } catch (InterruptedException e) {
            return job.isCancelRequested() ? Outcome.CANCELLED : Outcome.failed("Job interrupted");
        } catch (Exception | LinkageError | AssertionError e) {
            if (job.isCancelRequested() && e.getCause() instanceof JobCancelledException) {
                return Outcome.CANCELLED;
            }
            LOG.log(Level.WARNING, "Job " + snapshot.id() + " (" + snapshot.type() + ") failed", e);
            return Outcome.failed(describe(e));
        }
    }

    private void endJob(ActiveJob job, Outcome outcome) {
        synchronized (job) {
            Job running = job.snapshot();
            Transition end = switch (outcome.kind()) {
                case SUCCEEDED -> running.succeed(clock.instant(), outcome.message(), outcome.result());
                case FAILED -> running.fail(clock.instant(), outcome.message());
                case CANCELLED -> running.cancelObserved(clock.instant());
            };
            switch (end) {
                case Transition.Moved moved -> {
                    if (!store.replace(moved.job(), JobStatus.RUNNING)) {
                        LOG.log(Level.WARNING, "Job " + running.id() + " changed in the store while it ran; its end ("
                                + moved.job().status().wireName() + ") was not recorded");
                    }
                    job.set(moved.job());
                    listener.jobChanged(moved.job());
                }
                case Transition.Refused refused ->
                        LOG.log(Level.WARNING, "Job " + running.id() + " could not end: " + refused.reason());
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return Job.FAILED_WITHOUT_MESSAGE + " (" + e.getClass().getSimpleName() + ")";
        }
        return message;
    }

    /**
     * Stops taking jobs from the queue, asks every running job to cancel, and waits up to
     * {@code grace} for the runners to finish. Jobs still pending stay pending in the store (a
     * restart marks them interrupted).
     *
     * @return true if every runner ended within the grace period
     */
    public boolean shutdown(Duration grace, java.util.function.Consumer<JobId> cancel) {
        stopping = true;
        for (int i = 0; i < runners.size(); i++) {
            queue.addFirst(STOP);
        }
        for (JobId id : List.copyOf(active.keySet())) {
            try {
                cancel.accept(id);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Job " + id + " ended before it could be cancelled: " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        boolean allEnded = true;
        for (Thread runner : runners) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !runner.join(Duration.ofNanos(left))) {
                    allEnded = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (flusher != null) {
            flusher.interrupt();
        }
        flushProgress();
        return allEnded;
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO, id -> { });
    }

    private record Outcome(Kind kind, String message, java.util.Map<String, ?> result) {
        enum Kind { SUCCEEDED, FAILED, CANCELLED }

        static final Outcome CANCELLED = new Outcome(Kind.CANCELLED, null, null);

        static Outcome succeeded(String message, java.util.Map<String, ?> result) {
            return new Outcome(Kind.SUCCEEDED, message, result);
        }

        static Outcome failed(String error) {
            return new Outcome(Kind.FAILED, error, null);
        }
    }

    /** The context handed to a handler: every call goes to the job's {@link ActiveJob}. */
    private static final class RunningJobContext implements dev.jobregistry.application.spi.JobContext {
        private final ActiveJob job;

        RunningJobContext(ActiveJob job) {
            this.job = job;
        }

        @Override
        public JobId jobId() {
            return job.id();
        }

        @Override
        public boolean isCancelRequested() {
            return job.isCancelRequested();
        }

        @Override
        public void checkCancelled() throws JobCancelledException {
            if (job.isCancelRequested()) {
                throw new JobCancelledException();
            }
        }

        @Override
        public void setMessage(String message) {
            job.reportMessage(message);
        }

        @Override
        public void setProgress(Long completed, Long total, String detail) {
            job.reportProgress(new dev.jobregistry.domain.Progress(completed, total, detail));
        }

        @Override
        public void finish(String message, java.util.Map<String, ?> result) {
            job.finish(message, result);
        }

        @Override
        public void attachProcess(Process process) {
            job.attach(process);
        }

        @Override
        public void detachProcess() {
            job.detach();
        }

        @Override
        public void pause(Duration duration) throws JobCancelledException {
            try {
                if (job.awaitCancel(duration.toNanos())) {
                    throw new JobCancelledException();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobCancelledException();
            }
        }
    }
}
