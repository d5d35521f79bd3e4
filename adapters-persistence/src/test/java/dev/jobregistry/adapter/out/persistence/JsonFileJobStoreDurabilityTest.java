package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.JobId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * When changes reach jobs.json and its journal: what both stores promise
 * ({@link StoreDurabilityContract}), the flush interval, and failed writes.
 */
class JsonFileJobStoreDurabilityTest extends StoreDurabilityContract<JsonFileJobStore> {

    @Override
    String fileName() {
        return "jobs.json";
    }

    @Override
    String kind() {
        return "json";
    }

    @Override
    Class<JsonFileJobStore> storeClass() {
        return JsonFileJobStore.class;
    }

    @Override
    JsonFileJobStore open(Path file, StoreSettings settings) {
        return JsonFileJobStore.open(file, settings);
    }

    @Override
    long writes(JsonFileJobStore store) {
        return store.fileWrites();
    }

    @Override
    int jobsOnDisk() {
        try (JsonFileJobStore reopened = open(NEVER)) {
            return reopened.list().size();
        }
    }

    @Override
    void assertNoLeftoversAfterAWrite() {
        assertThat(folder.resolve("jobs.json.tmp")).as("renamed over jobs.json").doesNotExist();
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
}
