package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.JobStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;

/** The group-commit load both stores' durability tests put on a store. */
final class ConcurrentSyncs {

    private ConcurrentSyncs() {
    }

    /**
     * {@code threads} threads each insert a job and sync, {@code rounds} times, all inserting
     * before any syncs in each round, so many callers wait in {@code sync()} at once.
     */
    static void insertAndSync(JobStore store, int threads, int rounds) throws Exception {
        CyclicBarrier allInserted = new CyclicBarrier(threads);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        store.insert(pending("job-%02d-%02d".formatted(thread, round), T0.plusMillis(round)));
                        allInserted.await();
                        store.sync();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
    }
}
