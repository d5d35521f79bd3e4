package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.moved;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** When changes reach the disk: group commit, flushing, failed writes, and kill -9. */
class JsonFileJobStoreDurabilityTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    private final SettableClock clock = SettableClock.atSomeMoment();

    @TempDir
    Path folder;

    private Path file() {
        return folder.resolve("jobs.json");
    }

    private JsonFileJobStore open(Duration flushInterval) {
        return JsonFileJobStore.open(file(), new StoreSettings(flushInterval, clock));
    }

    @Test
    void callers_syncing_at_the_same_time_share_file_writes() throws Exception {
        int threads = 16;
        int rounds = 50;
        try (JsonFileJobStore store = open(NEVER)) {
            ConcurrentSyncs.insertAndSync(store, threads, rounds);

            assertThat(store.fileWrites()).isPositive().isLessThan(threads * rounds);
        }
        try (JsonFileJobStore reopened = open(NEVER)) {
            assertThat(reopened.list()).hasSize(threads * rounds);
        }
    }

    @Test
    void a_sync_with_nothing_new_does_not_write() {
        try (JsonFileJobStore store = open(NEVER)) {
            store.sync();
            assertThat(store.fileWrites()).isZero();

            store.insert(pending("job-a", T0));
            store.sync();
            store.sync();

            assertThat(store.fileWrites()).isEqualTo(1);
            assertThat(folder.resolve("jobs.json.tmp")).as("renamed over jobs.json").doesNotExist();
        }
    }

    @Test
    void a_change_nobody_syncs_is_written_by_close() {
        Job pending = pending("job-a", T0);
        Job running = moved(pending.start(T0.plusSeconds(1)));
        try (JsonFileJobStore store = open(NEVER)) {
            store.insert(pending);
            store.sync();
            store.replace(running, JobStatus.PENDING);
        }

        try (JsonFileJobStore reopened = open(NEVER)) {
            assertThat(reopened.find(pending.id())).contains(running);
        }
    }

    @Test
    void a_change_nobody_syncs_is_written_within_the_flush_interval() {
        try (JsonFileJobStore store = open(Duration.ofMillis(20))) {
            store.insert(pending("job-unsynced", T0));

            await().atMost(GENEROUS).until(() -> Files.exists(file())
                    && KilledChild.readQuietly(file()).contains("job-unsynced"));
            assertThat(store.fileWrites()).isEqualTo(1);
        }
    }

    @Test
    void a_failed_write_fails_sync_keeps_the_jobs_in_memory_and_the_next_write_retries() throws IOException {
        try (CapturedLog log = new CapturedLog(); JsonFileJobStore store = open(NEVER)) {
            // A folder where the journal is created makes the write fail, even for root.
            Path blocker = Files.createDirectory(folder.resolve("jobs.json.journal.tmp"));
            store.insert(pending("job-a", T0));

            assertThatThrownBy(store::sync)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("kept in memory")
                    .hasCauseInstanceOf(IOException.class);
            assertThat(store.find(new JobId("job-a"))).isPresent();
            assertThat(log.warnings()).singleElement().asString().contains(file().toString());

            Files.delete(blocker);
            store.insert(pending("job-b", T0));
            store.sync();
        }

        try (JsonFileJobStore reopened = open(NEVER)) {
            assertThat(reopened.list()).extracting(job -> job.id().value()).containsExactlyInAnyOrder("job-a", "job-b");
        }
    }

    @Test
    void a_closed_store_refuses_changes_and_closing_twice_is_harmless() {
        JsonFileJobStore store = open(NEVER);
        store.insert(pending("job-a", T0));
        store.close();

        assertThatThrownBy(() -> store.insert(pending("job-b", T0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::sync).isInstanceOf(IllegalStateException.class);
        assertThat(store.find(new JobId("job-a"))).isPresent();
        store.close();
    }

    @Test
    void every_job_synced_before_a_kill_9_is_there_after_a_restart() throws Exception {
        List<JobId> synced = KilledChild.syncThenKill("json", file(), 50, child ->
                assertThatThrownBy(() -> open(NEVER))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("pid " + child.pid()));

        try (CapturedLog log = new CapturedLog(); JsonFileJobStore restarted = open(NEVER)) {
            for (JobId id : synced) {
                assertThat(restarted.find(id)).as(id.value()).isPresent();
            }
            assertThat(log.warnings()).as("the file loads as it is").isEmpty();
        }
    }
}
