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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The jobs.json store keeps the store contract, including across close and reopen; and the few
 * rules of its own.
 */
class JsonFileJobStoreTest extends JobStoreContract {

    @TempDir
    Path folder;

    private final JsonStoreSettings settings = new JsonStoreSettings(Duration.ofSeconds(1), SettableClock.atSomeMoment());

    @Override
    protected JobStore openStore() {
        return JsonFileJobStore.open(folder.resolve("jobs.json"), settings);
    }

    @Override
    protected JobStore reopen(JobStore closed) {
        return JsonFileJobStore.open(folder.resolve("jobs.json"), settings);
    }

    @Test
    void replace_refuses_a_job_whose_created_at_differs_from_the_stored_one() {
        Job pending = pending("job-a", T0);
        store.insert(pending);
        Job elsewhen = moved(pending("job-a", T0.plusSeconds(1)).start(T0.plusSeconds(2)));

        assertThatThrownBy(() -> store.replace(elsewhen, JobStatus.PENDING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("created_at");
        assertThat(store.find(pending.id())).contains(pending);
    }

    @Test
    void a_finished_job_without_finished_at_counts_as_the_oldest_finished() {
        // Hand-edited or very old files may hold such records.
        Job undated = new Job(new JobId("job-undated"), "noop", Map.of(), JobStatus.SUCCEEDED, null, null, null, null,
                false, T0.plusSeconds(10), null, null);
        Job dated = succeeded("job-dated", T0);
        store.insert(undated);
        store.insert(dated);

        assertThat(store.pruneFinished(1)).containsExactly(undated.id());
        assertThat(store.list()).containsExactly(dated);
    }
}
