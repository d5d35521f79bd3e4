package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.moved;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When changes reach the disk, as both stores of this adapter promise it (they share
 * {@link TableJobStore} and {@link GroupCommit}): group commit, nothing written for nothing new,
 * changes nobody syncs written by close, a closed store, and kill -9. A subclass per store says
 * how to open it and count its writes, and adds what only that store does.
 *
 * @param <S> the store
 */
abstract class StoreDurabilityContract<S extends TableJobStore<?>> {

    static final Duration NEVER = Duration.ofHours(1);
    static final Duration GENEROUS = Duration.ofSeconds(60);

    final SettableClock clock = SettableClock.atSomeMoment();

    @TempDir
    Path folder;

    /** The store file's name: {@code jobs.json}, {@code jobs.db}. */
    abstract String fileName();

    /** The store's name for {@link KilledChild}: {@code json}, {@code sqlite}. */
    abstract String kind();

    /** The store class, whose logger {@link CapturedLog} listens to. */
    abstract Class<S> storeClass();

    abstract S open(Path file, StoreSettings settings);

    /** How many durable writes the store has made since it opened. */
    abstract long writes(S store);

    /** How many jobs the closed store has on disk, read as directly as the store allows. */
    abstract int jobsOnDisk() throws Exception;

    /** Checks what a single write may leave beside the file; nothing by default. */
    void assertNoLeftoversAfterAWrite() {
    }

    Path file() {
        return folder.resolve(fileName());
    }

    S open(Duration flushInterval) {
        return open(file(), new StoreSettings(flushInterval, clock));
    }

    @Test
    void callers_syncing_at_the_same_time_share_writes() throws Exception {
        int threads = 16;
        int rounds = 50;
        try (S store = open(NEVER)) {
            ConcurrentSyncs.insertAndSync(store, threads, rounds);

            assertThat(writes(store)).isPositive().isLessThan(threads * rounds);
        }
        assertThat(jobsOnDisk()).isEqualTo(threads * rounds);
    }

    @Test
    void a_sync_with_nothing_new_does_not_write() {
        try (S store = open(NEVER)) {
            store.sync();
            assertThat(writes(store)).isZero();

            store.insert(pending("job-a", T0));
            store.sync();
            store.sync();

            assertThat(writes(store)).isEqualTo(1);
            assertNoLeftoversAfterAWrite();
        }
    }

    @Test
    void a_change_nobody_syncs_is_written_by_close() {
        Job pending = pending("job-a", T0);
        Job running = moved(pending.start(T0.plusSeconds(1)));
        try (S store = open(NEVER)) {
            store.insert(pending);
            store.sync();
            store.replace(running, JobStatus.PENDING);
        }

        try (S reopened = open(NEVER)) {
            assertThat(reopened.find(pending.id())).contains(running);
        }
    }

    @Test
    void a_closed_store_refuses_changes_and_closing_twice_is_harmless() {
        S store = open(NEVER);
        store.insert(pending("job-a", T0));
        store.close();

        assertThatThrownBy(() -> store.insert(pending("job-b", T0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::sync).isInstanceOf(IllegalStateException.class);
        assertThat(store.find(new JobId("job-a"))).isPresent();
        store.close();
    }

    @Test
    void every_job_synced_before_a_kill_9_is_there_after_a_restart() throws Exception {
        List<JobId> synced = KilledChild.syncThenKill(kind(), file(), 50, child ->
                assertThatThrownBy(() -> open(NEVER))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("pid " + child.pid()));

        try (CapturedLog log = new CapturedLog(storeClass()); S restarted = open(NEVER)) {
            for (JobId id : synced) {
                assertThat(restarted.find(id)).as(id.value()).isPresent();
            }
            assertThat(log.warnings()).as("the store opens its file as it is").isEmpty();
        }
    }
}
