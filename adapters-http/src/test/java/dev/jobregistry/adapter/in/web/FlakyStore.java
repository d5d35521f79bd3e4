package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.testing.InMemoryJobStore;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.util.List;
import java.util.Optional;

/** An in-memory store that can be told to fail its syncs or its reads, for the error paths. */
final class FlakyStore implements JobStore {

    private final InMemoryJobStore store = new InMemoryJobStore();
    private volatile RuntimeException syncFailure;
    private volatile RuntimeException listFailure;

    void failSyncs(RuntimeException failure) {
        syncFailure = failure;
    }

    void failLists(RuntimeException failure) {
        listFailure = failure;
    }

    void heal() {
        syncFailure = null;
        listFailure = null;
    }

    @Override
    public void insert(Job job) {
        store.insert(job);
    }

    @Override
    public Optional<Job> find(JobId id) {
        return store.find(id);
    }

    @Override
    public List<Job> list() {
        RuntimeException failure = listFailure;
        if (failure != null) {
            throw failure;
        }
        return store.list();
    }

    @Override
    public boolean replace(Job updated, JobStatus expected) {
        return store.replace(updated, expected);
    }

    @Override
    public boolean deleteFinished(JobId id) {
        return store.deleteFinished(id);
    }

    @Override
    public List<JobId> pruneFinished(int keep) {
        return store.pruneFinished(keep);
    }

    @Override
    public void sync() {
        RuntimeException failure = syncFailure;
        if (failure != null) {
            throw failure;
        }
        store.sync();
    }

    @Override
    public void close() {
        store.close();
    }
}
