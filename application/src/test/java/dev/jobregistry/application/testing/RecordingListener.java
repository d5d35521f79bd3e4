package dev.jobregistry.application.testing;

import dev.jobregistry.application.port.out.JobChangeListener;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;

import java.util.ArrayList;
import java.util.List;

/** Keeps every change it hears, in order. */
public final class RecordingListener implements JobChangeListener {

    private final List<Object> events = new ArrayList<>();

    @Override
    public synchronized void jobChanged(Job job) {
        events.add(job);
    }

    @Override
    public synchronized void jobRemoved(JobId id) {
        events.add(id);
    }

    /** The states announced for one job, in order. */
    public synchronized List<Job> changesOf(JobId id) {
        List<Job> changes = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof Job job && job.id().equals(id)) {
                changes.add(job);
            }
        }
        return changes;
    }

    /** The ids announced as removed, in order. */
    public synchronized List<JobId> removed() {
        List<JobId> removed = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof JobId id) {
                removed.add(id);
            }
        }
        return removed;
    }
}
