package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.jobregistry.application.port.out.JobStoreContract.moved;

/**
 * The process the durability tests kill: opens the store given by its arguments ({@code json} or
 * {@code sqlite}, then the file) and inserts, starts and syncs jobs in a loop, printing
 * {@code synced <id>} after each sync has returned. Gives up after a minute, so that it cannot
 * outlive a test that failed to kill it.
 */
public final class SyncingChild {

    static final String SYNCED = "synced ";

    private SyncingChild() {
    }

    public static void main(String[] args) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (JobStore store = open(args[0], Path.of(args[1]))) {
            for (int i = 0; System.nanoTime() < deadline; i++) {
                Job job = Job.submitted(new JobId("job-crash-%06d".formatted(i)), "noop", Map.of("i", i), Instant.now());
                store.insert(job);
                if (i % 2 == 0) {
                    store.replace(moved(job.start(Instant.now())), JobStatus.PENDING);
                }
                store.sync();
                System.out.println(SYNCED + job.id());
                System.out.flush();
            }
        }
    }

    private static JobStore open(String kind, Path file) {
        return switch (kind) {
            case "json" -> JsonFileJobStore.open(file, StoreSettings.defaults());
            case "sqlite" -> SqliteJobStore.open(file, StoreSettings.defaults());
            default -> throw new IllegalArgumentException("the store kind is json or sqlite, got " + kind);
        };
    }
}
