package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The rows a store must write to catch up with memory: for each changed job either its latest
 * version (an upsert) or its removal (a delete), never both. Many changes to one job collapse into
 * one, so ten progress ticks between two writes cost one row. Not thread-safe: the table fills it
 * under its lock, and the writer thread owns it once taken.
 */
final class ChangeSet {

    private final Map<JobId, Job> upserts = new LinkedHashMap<>();
    private final Set<JobId> deletes = new LinkedHashSet<>();

    /** Records {@code job} as the version to write, replacing an earlier change to it. */
    void upsert(Job job) {
        deletes.remove(job.id());
        upserts.put(job.id(), job);
    }

    /** Records that the job with {@code id} is gone, replacing an earlier change to it. */
    void delete(JobId id) {
        upserts.remove(id);
        deletes.add(id);
    }

    /** Adds {@code newer}'s changes to these; where both change a job, {@code newer}'s change wins. */
    void addAll(ChangeSet newer) {
        newer.deletes.forEach(this::delete);
        newer.upserts.values().forEach(this::upsert);
    }

    /** The jobs to insert or update, each in its latest version. */
    Collection<Job> upserts() {
        return Collections.unmodifiableCollection(upserts.values());
    }

    /** The ids of the jobs to delete. */
    Collection<JobId> deletes() {
        return Collections.unmodifiableSet(deletes);
    }

    boolean isEmpty() {
        return upserts.isEmpty() && deletes.isEmpty();
    }

    @Override
    public String toString() {
        return upserts.size() + " upsert(s), " + deletes.size() + " delete(s)";
    }
}
