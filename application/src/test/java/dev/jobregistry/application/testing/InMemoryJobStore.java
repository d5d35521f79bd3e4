package dev.jobregistry.application.testing;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simplest store that keeps the {@link JobStore} contract: a map under one lock. Service
 * tests use it instead of mocks; it also counts syncs, so tests can check what was made durable.
 */
public final class InMemoryJobStore implements JobStore {

    /** Newest first: by created_at, then by id. */
    public static final Comparator<Job> NEWEST_FIRST =
            Comparator.comparing(Job::createdAt).thenComparing(Job::id).reversed();

    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private int syncs;
    private boolean closed;
    private String syncFailure;

    @Override
    public synchronized void insert(Job job) {
        checkOpen();
        if (jobs.putIfAbsent(job.id(), job) != null) {
            throw new IllegalStateException("a job with id " + job.id() + " is already stored");
        }
    }

    @Override
    public synchronized Optional<Job> find(JobId id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public synchronized List<Job> list() {
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(NEWEST_FIRST);
        return all;
    }

    @Override
    public synchronized boolean replace(Job updated, JobStatus expected) {
        checkOpen();
        Job current = jobs.get(updated.id());
        if (current == null || expected.isTerminal() || current.status() != expected) {
            return false;
        }
        if (!current.createdAt().equals(updated.createdAt())) {
            throw new IllegalArgumentException("replace cannot change created_at of " + updated.id());
        }
        jobs.put(updated.id(), updated);
        return true;
    }

    @Override
    public synchronized boolean deleteFinished(JobId id) {
        checkOpen();
        Job current = jobs.get(id);
        if (current == null || !current.isFinished()) {
            return false;
        }
        jobs.remove(id);
        return true;
    }

    @Override
    public synchronized List<JobId> pruneFinished(int keep) {
        checkOpen();
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be 0 or more, got " + keep);
        }
        List<Job> finished = new ArrayList<>();
        for (Job job : jobs.values()) {
            if (job.isFinished()) {
                finished.add(job);
            }
        }
        if (finished.size() <= keep) {
            return List.of();
        }
        finished.sort(Comparator.comparing(Job::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Job::id));
        List<JobId> removed = new ArrayList<>();
        for (Job job : finished.subList(0, finished.size() - keep)) {
            jobs.remove(job.id());
            removed.add(job.id());
        }
        return removed;
    }

    @Override
    public synchronized void sync() {
        checkOpen();
        syncs++;
        if (syncFailure != null) {
            throw new StoreUnavailableException(syncFailure);
        }
    }

    /** Makes every later {@link #sync()} fail with this message (null: succeed again), like a full disk. */
    public synchronized void failSyncs(String message) {
        syncFailure = message;
    }

    /** How many times {@link #sync()} was called. */
    public synchronized int syncs() {
        return syncs;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the store is closed");
        }
    }
}
