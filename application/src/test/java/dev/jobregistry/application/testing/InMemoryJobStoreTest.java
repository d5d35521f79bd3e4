package dev.jobregistry.application.testing;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.JobStoreContract;

/** The in-memory store keeps the store contract; it persists nothing, so the reopen tests are skipped. */
class InMemoryJobStoreTest extends JobStoreContract {

    @Override
    protected JobStore openStore() {
        return new InMemoryJobStore();
    }
}
