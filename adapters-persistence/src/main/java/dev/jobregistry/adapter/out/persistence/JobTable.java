package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every job of a store, in memory, with the indexes the store's reads and retention need, and
 * the counting that lets a {@link GroupCommit} writer know what is on disk. Both stores of this
 * adapter keep their jobs here and differ only in how they write them.
 *
 * <p>Each method keeps the {@link dev.jobregistry.application.port.out.JobStore} contract for the
 * in-memory part: reads never block and see every write that has returned; writes are serialized
 * by one lock, so that a change and its indexes move together. Every write bumps the
 * <em>generation</em>; a writer captures, under the same lock, the {@linkplain ChangeSet changes}
 * since its last capture (and, when it asks, every job), together with the generation they reach.
 *
 * <p>Cost: {@link #find} is a hash lookup; {@link #list} walks an index already in newest-first
 * order; every write is O(log n); {@link #pruneFinished} costs O(1) when nothing is over the limit
 * and O(log n) per job it removes.
 */
final class JobTable {

    /** Newest first: by created_at, then by id, both descending. */
    private record ListOrder(Instant createdAt, JobId id) implements Comparable<ListOrder> {
        static ListOrder of(Job job) {
            return new ListOrder(job.createdAt(), job.id());
        }

        @Override
        public int compareTo(ListOrder other) {
            int byTime = other.createdAt.compareTo(createdAt);
            return byTime != 0 ? byTime : other.id.compareTo(id);
        }
    }

    /** Oldest finished first, for retention; a finished job without finished_at counts as oldest. */
    private record PruneOrder(Instant finishedAt, JobId id) implements Comparable<PruneOrder> {
        static PruneOrder of(Job job) {
            return new PruneOrder(job.finishedAt(), job.id());
        }

        @Override
        public int compareTo(PruneOrder other) {
            // Written out rather than composed from Comparator.comparing(...).thenComparing(...):
            // loading a store puts every finished job here, and the composed comparator (lambdas,
            // nullsFirst) was a visible part of a start-up with 100,000 jobs, mostly interpreted.
            if (finishedAt != other.finishedAt) {
                if (finishedAt == null) {
                    return -1;
                }
                if (other.finishedAt == null) {
                    return 1;
                }
                int byTime = finishedAt.compareTo(other.finishedAt);
                if (byTime != 0) {
                    return byTime;
                }
            }
            return id.compareTo(other.id);
        }
    }

    /** What a writer captured: the table's contents or changes as of one generation. */
    record Captured<T>(long generation, T contents) {
    }

    /**
     * The changes since the last take and, when they were asked for, every job.
     *
     * @param newestFirst every job, newest first; null when only the changes were taken
     */
    record ChangesAndJobs(ChangeSet changes, List<Job> newestFirst) {
    }

    private final String describe;
    /** Guards every change, so that a change and its indexes move together and generations are ordered. */
    private final Object writeLock = new Object();
    private final Map<JobId, Job> byId;
    private final ConcurrentNavigableMap<ListOrder, Job> newestFirst = new ConcurrentSkipListMap<>();
    /** Guarded by writeLock. */
    private final TreeSet<PruneOrder> finished = new TreeSet<>();
    /** The changes not yet taken by the writer. Guarded by writeLock. */
    private ChangeSet changes = new ChangeSet();
    /** Changed only under writeLock, after the change it counts is in memory. */
    private volatile long generation;
    /** Set under writeLock. */
    private volatile boolean closed;

    /**
     * @param loaded   the jobs on disk when the store opens: generation 0, no changes
     * @param describe how messages name the store's file
     */
    JobTable(Collection<Job> loaded, String describe) {
        this.describe = describe;
        // Sized for what is loaded, so that loading 100,000 jobs does not resize it a dozen times.
        this.byId = new ConcurrentHashMap<>(Math.max(16, loaded.size()));
        for (Job job : loaded) {
            index(job);
        }
    }

    /** @throws IllegalStateException if a job with this id is already stored, or the table is closed */
    void insert(Job job) {
        synchronized (writeLock) {
            checkOpen();
            if (byId.containsKey(job.id())) {
                throw new IllegalStateException("a job with id " + job.id() + " is already stored");
            }
            index(job);
            changed(job);
        }
    }

    Optional<Job> find(JobId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every job, newest first; a copy the caller may keep. */
    List<Job> list() {
        return Collections.unmodifiableList(newestFirstCopy());
    }

    /**
     * Compare-and-set, as {@link dev.jobregistry.application.port.out.JobStore#replace} promises.
     *
     * @throws IllegalArgumentException if {@code updated} has another {@code created_at} than the stored job
     */
    boolean replace(Job updated, JobStatus expected) {
        synchronized (writeLock) {
            checkOpen();
            Job current = byId.get(updated.id());
            if (current == null || expected.isTerminal() || current.status() != expected) {
                return false;
            }
            if (!current.createdAt().equals(updated.createdAt())) {
                throw new IllegalArgumentException("the created_at of job " + updated.id() + " never changes (stored "
                        + current.createdAt() + ", given " + updated.createdAt() + ")");
            }
            index(updated);
            changed(updated);
        }
        return true;
    }

    boolean deleteFinished(JobId id) {
        synchronized (writeLock) {
            checkOpen();
            Job current = byId.get(id);
            if (current == null || !current.isFinished()) {
                return false;
            }
            unindex(current);
            generation++;
        }
        return true;
    }

    /** @throws IllegalArgumentException if {@code keep} is negative */
    List<JobId> pruneFinished(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("the number of finished jobs to keep is not negative, got " + keep);
        }
        synchronized (writeLock) {
            checkOpen();
            if (finished.size() <= keep) {
                return List.of();
            }
            List<JobId> removed = new ArrayList<>(finished.size() - keep);
            while (finished.size() > keep) {
                Job oldest = byId.get(finished.first().id());
                unindex(oldest);
                removed.add(oldest.id());
            }
            generation++;
            return removed;
        }
    }

    /** The generation of the latest change; read without locking. */
    long generation() {
        return generation;
    }

    /** Every job, newest first, as of one generation. */
    Captured<List<Job>> snapshot() {
        synchronized (writeLock) {
            return new Captured<>(generation, newestFirstCopy());
        }
    }

    /** The changes since the last call (or since loading), as of one generation; the table starts collecting anew. */
    Captured<ChangeSet> takeChanges() {
        synchronized (writeLock) {
            ChangeSet taken = changes;
            changes = new ChangeSet();
            return new Captured<>(generation, taken);
        }
    }

    /**
     * The changes since the last take (the table starts collecting anew) and every job, newest
     * first, both as of one generation.
     */
    Captured<ChangesAndJobs> takeChangesAndJobs() {
        synchronized (writeLock) {
            Captured<ChangeSet> changes = takeChanges();
            return new Captured<>(changes.generation(), new ChangesAndJobs(changes.contents(), newestFirstCopy()));
        }
    }

    /** @throws IllegalStateException if the table is closed, saying which store */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(describe + " is closed");
        }
    }

    /**
     * Refuses every later write. Reads go on working.
     *
     * @return true the first time, false if it was closed already
     */
    boolean close() {
        synchronized (writeLock) {
            if (closed) {
                return false;
            }
            closed = true;
            return true;
        }
    }

    /** Puts {@code job} in the map and the indexes, replacing the stored job with its id. Under writeLock. */
    private void index(Job job) {
        byId.put(job.id(), job);
        newestFirst.put(ListOrder.of(job), job);
        if (job.isFinished()) {
            finished.add(PruneOrder.of(job));
        }
    }

    /** Counts a new or replaced job. Under writeLock. */
    private void changed(Job job) {
        changes.upsert(job);
        generation++;
    }

    /** Takes {@code job} out of the map and the indexes. Under writeLock. */
    private void unindex(Job job) {
        byId.remove(job.id());
        newestFirst.remove(ListOrder.of(job));
        if (job.isFinished()) {
            finished.remove(PruneOrder.of(job));
        }
        changes.delete(job.id());
    }

    private List<Job> newestFirstCopy() {
        // Sized up front and filled by iterating: the skip list's own toArray() counts and copies twice.
        List<Job> jobs = new ArrayList<>(byId.size() + 16);
        for (Job job : newestFirst.values()) {
            jobs.add(job);
        }
        return jobs;
    }
}
