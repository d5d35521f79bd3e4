package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.moved;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static dev.jobregistry.application.port.out.JobStoreContract.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * When changes reach the SQLite database: what both stores promise ({@link StoreDurabilityContract}),
 * one transaction per group commit holding only the rows that changed, failed transactions,
 * readers beside the writer, and the flush interval.
 */
class SqliteJobStoreDurabilityTest extends StoreDurabilityContract<SqliteJobStore> {

    @Override
    String fileName() {
        return "jobs.db";
    }

    @Override
    String kind() {
        return "sqlite";
    }

    @Override
    Class<SqliteJobStore> storeClass() {
        return SqliteJobStore.class;
    }

    @Override
    SqliteJobStore open(Path file, StoreSettings settings) {
        return SqliteJobStore.open(file, settings);
    }

    @Override
    long writes(SqliteJobStore store) {
        return store.transactions();
    }

    @Override
    int jobsOnDisk() throws Exception {
        return Integer.parseInt(SqliteFiles.queryOne(file(), "SELECT count(*) FROM jobs"));
    }

    @Test
    void a_group_commit_writes_only_the_rows_that_changed_and_many_changes_to_a_job_as_one() throws Exception {
        Job ticking = running("job-ticking", T0);
        try (SqliteJobStore store = open(NEVER)) {
            for (int i = 0; i < 100; i++) {
                store.insert(pending("job-%03d".formatted(i), T0.plusSeconds(i)));
            }
            store.insert(ticking);
            store.sync();
            countWrites();

            for (long tick = 1; tick <= 10; tick++) {
                Job next = moved(ticking.reportProgress(new Progress(tick, 10L, null)));
                assertThat(store.replace(next, JobStatus.RUNNING)).isTrue();
                ticking = next;
            }
            Job done = moved(ticking.succeed(T0.plusSeconds(5), "done", null));
            store.replace(done, JobStatus.RUNNING);
            store.deleteFinished(done.id());
            store.insert(pending("job-new", T0.plusSeconds(200)));
            store.sync();

            assertThat(SqliteFiles.query(file(), "SELECT what FROM writes ORDER BY what"))
                    .containsExactly("delete job-ticking", "insert job-new");
        }
        assertThat(SqliteFiles.queryOne(file(), "SELECT count(*) FROM jobs")).isEqualTo("101");
    }

    @Test
    void ten_progress_ticks_between_two_writes_cost_one_row_update() throws Exception {
        Job ticking = running("job-ticking", T0);
        try (SqliteJobStore store = open(NEVER)) {
            store.insert(ticking);
            store.insert(pending("job-idle", T0));
            store.sync();
            countWrites();

            for (long tick = 1; tick <= 10; tick++) {
                Job next = moved(ticking.reportProgress(new Progress(tick, 10L, null)));
                store.replace(next, JobStatus.RUNNING);
                ticking = next;
            }
            store.sync();

            assertThat(SqliteFiles.query(file(), "SELECT what FROM writes")).containsExactly("update job-ticking");
            assertThat(SqliteFiles.queryOne(file(), "SELECT progress FROM jobs WHERE id = 'job-ticking'"))
                    .isEqualTo("{\"completed\":10,\"total\":10}");
        }
    }

    @Test
    void a_failed_transaction_fails_sync_stores_none_of_its_rows_and_the_next_write_stores_them() throws Exception {
        try (CapturedLog log = new CapturedLog(SqliteJobStore.class); SqliteJobStore store = open(NEVER)) {
            store.insert(pending("job-first", T0));
            store.sync();
            // What a full disk would do, for one row: the whole transaction fails.
            SqliteFiles.execute(file(), """
                    CREATE TRIGGER refuse BEFORE INSERT ON jobs WHEN NEW.id = 'job-poison'
                    BEGIN SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END
                    """);
            store.insert(pending("job-good", T0.plusSeconds(1)));
            store.insert(pending("job-poison", T0.plusSeconds(2)));

            assertThatThrownBy(store::sync)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("disk is full (simulated)")
                    .hasMessageContaining("kept in memory");
            assertThat(SqliteFiles.query(file(), "SELECT id FROM jobs")).as("one transaction: all or nothing")
                    .containsExactly("job-first");
            assertThat(store.find(new JobId("job-poison"))).isPresent();
            assertThat(log.warnings()).singleElement().asString().contains(file().toString());

            SqliteFiles.execute(file(), "DROP TRIGGER refuse");
            store.insert(pending("job-later", T0.plusSeconds(3)));
            store.sync();
        }
        assertThat(SqliteFiles.query(file(), "SELECT id FROM jobs"))
                .containsExactlyInAnyOrder("job-first", "job-good", "job-poison", "job-later");
    }

    @Test
    void a_reader_in_the_middle_of_a_transaction_does_not_block_the_writer() throws Exception {
        try (SqliteJobStore store = open(NEVER)) {
            store.insert(pending("job-a", T0));
            store.sync();
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file());
                 Statement statement = reader.createStatement()) {
                statement.execute("BEGIN");
                assertThat(count(statement)).isEqualTo(1);

                store.insert(pending("job-b", T0));
                store.sync();

                assertThat(count(statement)).as("the reader keeps its snapshot").isEqualTo(1);
                statement.execute("COMMIT");
                assertThat(count(statement)).isEqualTo(2);
            }
        }
    }

    @Test
    void a_change_nobody_syncs_is_written_within_the_flush_interval() {
        try (SqliteJobStore store = open(Duration.ofMillis(20))) {
            store.insert(pending("job-unsynced", T0));

            await().atMost(GENEROUS).until(() -> SqliteFiles.query(file(), "SELECT id FROM jobs").contains("job-unsynced"));
            assertThat(store.transactions()).isEqualTo(1);
        }
    }

    /** From now on, every row the store inserts, updates or deletes is listed in a table {@code writes}. */
    private void countWrites() throws Exception {
        SqliteFiles.execute(file(),
                "CREATE TABLE writes (what TEXT)",
                "CREATE TRIGGER count_inserts AFTER INSERT ON jobs BEGIN INSERT INTO writes VALUES ('insert ' || NEW.id); END",
                "CREATE TRIGGER count_updates AFTER UPDATE ON jobs BEGIN INSERT INTO writes VALUES ('update ' || NEW.id); END",
                "CREATE TRIGGER count_deletes AFTER DELETE ON jobs BEGIN INSERT INTO writes VALUES ('delete ' || OLD.id); END");
    }

    private static int count(Statement statement) throws Exception {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM jobs")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
