package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.util.List;
import java.util.Optional;

/**
 * What the jobs.json and SQLite stores share, written once: every job in a {@link JobTable}
 * (reads never touch the disk), one {@link GroupCommit} writer that makes changes durable, and the
 * {@link StoreLock} that makes the store its file's only owner. A store says only what a write
 * captures and where it goes (its {@code GroupCommit}), which jobs it can hold
 * ({@link #checkStorable}) and what else to release on close ({@link #closeResources}).
 *
 * @param <T> what one write of the store captures
 */
abstract sealed class TableJobStore<T> implements JobStore permits JsonFileJobStore, SqliteJobStore {

    final StoreLock lock;
    final JobTable table;
    final GroupCommit<T> commits;

    /**
     * @param lock    the lock the store holds on its file
     * @param table   the jobs, as loaded
     * @param commits makes the writer over the table
     */
    TableJobStore(StoreLock lock, JobTable table, java.util.function.Function<JobTable, GroupCommit<T>> commits) {
        this.lock = lock;
        this.table = table;
        this.commits = commits.apply(table);
    }

    /** Refuses a job this store cannot hold; by default it can hold every job. */
    void checkStorable(Job job) {
    }

    /** Releases what the store holds besides its writer and its lock; called once, on close. */
    void closeResources() {
    }

    @Override
    public void insert(Job job) {
        checkStorable(job);
        table.insert(job);
    }

    @Override
    public Optional<Job> find(JobId id) {
        return table.find(id);
    }

    @Override
    public List<Job> list() {
        return table.list();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code updated} has another {@code created_at} than the
     *                                  stored job (the list order depends on it), or the store
     *                                  cannot hold it
     */
    @Override
    public boolean replace(Job updated, JobStatus expected) {
        checkStorable(updated);
        return table.replace(updated, expected);
    }

    @Override
    public boolean deleteFinished(JobId id) {
        return table.deleteFinished(id);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code keep} is negative
     */
    @Override
    public List<JobId> pruneFinished(int keep) {
        return table.pruneFinished(keep);
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreUnavailableException if the write that would cover the caller's changes failed
     * @throws IllegalStateException     if the store is closed
     */
    @Override
    public void sync() {
        table.checkOpen();
        commits.awaitDurable(table.generation());
    }

    /**
     * Writes what is not durable yet, stops the writer thread, releases the store's other
     * resources and then its lock. Closing twice is harmless.
     *
     * @throws StoreUnavailableException if the last write failed; everything is released anyway
     */
    @Override
    public void close() {
        if (!table.close()) {
            return;
        }
        try {
            commits.close();
        } finally {
            try {
                closeResources();
            } finally {
                lock.close();
            }
        }
    }
}
