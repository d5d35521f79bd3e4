package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.JobStoreContract;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQLite store keeps the store contract, including across close and reopen; and the one rule
 * of its own about what a row can hold. Opening and durability are in
 * {@link SqliteJobStoreOpeningTest} and {@link SqliteJobStoreDurabilityTest}.
 */
class SqliteJobStoreTest extends JobStoreContract {

    @TempDir
    Path folder;

    private final StoreSettings settings = new StoreSettings(Duration.ofSeconds(1), SettableClock.atSomeMoment());

    @Override
    protected JobStore openStore() {
        return SqliteJobStore.open(folder.resolve("jobs.db"), settings);
    }

    @Override
    protected JobStore reopen(JobStore closed) {
        return SqliteJobStore.open(folder.resolve("jobs.db"), settings);
    }

    @Test
    void a_job_with_a_time_beyond_what_a_row_holds_is_refused_before_it_reaches_memory() {
        Job farFuture = pending("job-far", Instant.parse("2300-01-01T00:00:00Z"));
        Job running = running("job-a", T0);
        store.insert(running);
        Job endsFarAway = moved(running.succeed(Instant.parse("2300-01-01T00:00:00Z"), "done", Map.of()));

        assertThatThrownBy(() -> store.insert(farFuture))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("job-far", "created_at", "1677-09-21 to 2262-04-11", "--store json");
        assertThatThrownBy(() -> store.replace(endsFarAway, JobStatus.RUNNING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finished_at");
        assertThat(store.find(new JobId("job-far"))).isEmpty();
        assertThat(store.find(running.id())).contains(running);
        store.sync();
    }
}
