package dev.jobregistry.application.service;

import dev.jobregistry.application.port.in.InvalidJobRequestException;
import dev.jobregistry.application.port.in.JobConflictException;
import dev.jobregistry.application.port.in.JobNotFoundException;
import dev.jobregistry.application.port.in.JobQuery;
import dev.jobregistry.application.port.in.JobsUseCase;
import dev.jobregistry.application.port.in.RecoverJobsUseCase;
import dev.jobregistry.application.port.in.SubmitJobCommand;
import dev.jobregistry.application.port.out.JobChangeListener;
import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.domain.CancelOutcome;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Transition;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The use cases: submit, list, get, cancel, delete, and recovery at start. Reads overlay the
 * live state of the jobs this node runs on top of the store, so a client always sees the latest
 * progress even though progress reaches the store only a few times a second.
 */
public final class JobService implements JobsUseCase, RecoverJobsUseCase {

    private static final int MAX_ID_ATTEMPTS = 5;

    private final JobStore store;
    private final HandlerRegistry handlers;
    private final JobExecutor executor;
    private final JobChangeListener listener;
    private final Clock clock;
    private final Supplier<JobId> ids;
    private final int retain;

    public JobService(JobStore store, HandlerRegistry handlers, JobExecutor executor, JobChangeListener listener,
                      Clock clock, Supplier<JobId> ids, int retain) {
        this.store = store;
        this.handlers = handlers;
        this.executor = executor;
        this.listener = listener;
        this.clock = clock;
        this.ids = ids;
        this.retain = retain;
    }

    @Override
    public Job submit(SubmitJobCommand command) {
        JobHandler handler = handlers.find(command.type()).orElseThrow(() -> new InvalidJobRequestException(
                "unknown_type", "Unknown job type: " + command.type() + " (known types: "
                + String.join(", ", handlers.types()) + ")"));
        JobParams params = JobParams.of(command.params());
        try {
            handler.validate(params);
        } catch (InvalidParamsException e) {
            throw new InvalidJobRequestException("invalid_params", e.getMessage());
        }
        Job job = insertWithFreshId(command.type(), params);
        try {
            store.sync();
        } catch (StoreUnavailableException e) {
            // The client is told the job was not accepted, so it must not run: withdraw it.
            if (job.requestCancel(clock.instant()) instanceof CancelOutcome.CancelledAtOnce withdrawn) {
                store.replace(withdrawn.job(), JobStatus.PENDING);
            }
            throw e;
        }
        listener.jobChanged(job);
        executor.enqueue(job.id());
        return job;
    }

    private Job insertWithFreshId(String type, JobParams params) {
        for (int attempt = 1; ; attempt++) {
            Job job = Job.submitted(ids.get(), type, params.asMap(), clock.instant());
            try {
                store.insert(job);
                return job;
            } catch (IllegalStateException duplicateId) {
                if (attempt == MAX_ID_ATTEMPTS) {
                    throw duplicateId;
                }
            }
        }
    }

    @Override
    public List<Job> list(JobQuery query) {
        List<Job> stored = store.list();
        List<Job> jobs = new ArrayList<>(query.limit() > 0 ? Math.min(query.limit(), stored.size()) : stored.size());
        for (Job job : stored) {
            Job live = live(job);
            if (query.matches(live)) {
                jobs.add(live);
                if (jobs.size() == query.limit()) {
                    break;
                }
            }
        }
        return jobs;
    }

    @Override
    public Job get(JobId id) {
        Optional<ActiveJob> active = executor.active(id);
        if (active.isPresent()) {
            return active.get().snapshot();
        }
        return store.find(id).orElseThrow(() -> new JobNotFoundException(id));
    }

    private Job live(Job stored) {
        if (stored.isFinished()) {
            return stored;
        }
        return executor.active(stored.id()).map(ActiveJob::snapshot).orElse(stored);
    }

    @Override
    public CancelOutcome cancel(JobId id) {
        // A job moves between "only in the store" and "active on this node" while we look; each
        // pass decides under the right lock, and a lost race means the state moved on: look again.
        for (int attempt = 0; ; attempt++) {
            Optional<ActiveJob> active = executor.active(id);
            CancelOutcome outcome = active.isPresent() ? cancelActive(active.get()) : cancelStored(id, attempt >= 2);
            if (outcome != null) {
                if (!(outcome instanceof CancelOutcome.AlreadyFinished)) {
                    store.sync();
                }
                return outcome;
            }
        }
    }

    private CancelOutcome cancelActive(ActiveJob active) {
        CancelOutcome outcome;
        synchronized (active) {
            Job job = active.snapshot();
            outcome = job.requestCancel(clock.instant());
            switch (outcome) {
                case CancelOutcome.CancelledAtOnce cancelled -> {
                    if (!store.replace(cancelled.job(), JobStatus.PENDING)) {
                        return null;
                    }
                    active.set(cancelled.job());
                    listener.jobChanged(cancelled.job());
                }
                case CancelOutcome.CancelRequested requested -> {
                    if (requested.job() != job) {
                        store.replace(requested.job(), JobStatus.RUNNING);
                        active.set(requested.job());
                        listener.jobChanged(requested.job());
                    }
                }
                case CancelOutcome.AlreadyFinished finished -> {
                    return finished;
                }
            }
        }
        active.signalCancel();
        return outcome;
    }

    private CancelOutcome cancelStored(JobId id, boolean runningElsewhere) {
        Job job = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
        CancelOutcome outcome = job.requestCancel(clock.instant());
        return switch (outcome) {
            case CancelOutcome.CancelledAtOnce cancelled -> {
                if (!store.replace(cancelled.job(), JobStatus.PENDING)) {
                    yield null;
                }
                listener.jobChanged(cancelled.job());
                yield outcome;
            }
            case CancelOutcome.CancelRequested requested -> {
                // Running, but not on this node's runners (or just leaving them): record the
                // request so whoever runs it sees it; retry first, it is usually a race.
                if (!runningElsewhere) {
                    yield null;
                }
                if (!store.replace(requested.job(), JobStatus.RUNNING)) {
                    yield null;
                }
                listener.jobChanged(requested.job());
                yield outcome;
            }
            case CancelOutcome.AlreadyFinished finished -> finished;
        };
    }

    @Override
    public void delete(JobId id) {
        Job job = get(id);
        if (!job.isDeletable()) {
            throw notFinished(job);
        }
        if (!store.deleteFinished(id)) {
            Job now = store.find(id).orElseThrow(() -> new JobNotFoundException(id));
            throw notFinished(now);
        }
        store.sync();
        listener.jobRemoved(id);
    }

    private static JobConflictException notFinished(Job job) {
        return new JobConflictException("job_not_finished", "Job " + job.id() + " is " + job.status().wireName()
                + "; only a finished job can be deleted (cancel it first)");
    }

    @Override
    public Set<String> jobTypes() {
        return handlers.types();
    }

    @Override
    public int recoverInterrupted() {
        int interrupted = 0;
        for (Job job : store.list()) {
            // A finished job is never interrupted; skipping it here spares a refusal (and its
            // message) per finished job, which a store of 100,000 kept jobs made at every start.
            if (!job.isFinished() && job.interruptByRestart(clock.instant()) instanceof Transition.Moved moved
                    && store.replace(moved.job(), job.status())) {
                interrupted++;
            }
        }
        store.pruneFinished(retain);
        store.sync();
        return interrupted;
    }
}
