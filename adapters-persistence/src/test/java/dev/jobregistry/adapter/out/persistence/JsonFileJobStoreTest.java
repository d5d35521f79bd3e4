package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.JobStoreContract;
import dev.jobregistry.application.testing.SettableClock;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The jobs.json store keeps the store contract, including across close and reopen. Its own rules
 * are in {@link JsonFileJobStoreOpeningTest}, {@link JsonFileJobStoreDurabilityTest} and
 * {@link JobsJsonFormatTest}.
 */
class JsonFileJobStoreTest extends JobStoreContract {

    @TempDir
    Path folder;

    private final StoreSettings settings = new StoreSettings(Duration.ofSeconds(1), SettableClock.atSomeMoment());

    @Override
    protected JobStore openStore() {
        return JsonFileJobStore.open(folder.resolve("jobs.json"), settings);
    }

    @Override
    protected JobStore reopen(JobStore closed) {
        return JsonFileJobStore.open(folder.resolve("jobs.json"), settings);
    }
}
