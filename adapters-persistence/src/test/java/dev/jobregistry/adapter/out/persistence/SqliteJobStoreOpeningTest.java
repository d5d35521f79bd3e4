package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening an SQLite store: new files, schema versions, files that are not sound databases, and single ownership. */
class SqliteJobStoreOpeningTest {

    /** SettableClock.atSomeMoment() in UTC, as set-aside names show it. */
    private static final String STAMP = "20241204-120000";

    private final StoreSettings settings = new StoreSettings(Duration.ofSeconds(1), SettableClock.atSomeMoment());
    private final CapturedLog log = new CapturedLog(SqliteJobStore.class);

    @TempDir
    Path folder;

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    private Path file() {
        return folder.resolve("jobs.db");
    }

    private SqliteJobStore open() {
        return SqliteJobStore.open(file(), settings);
    }

    @Test
    void a_missing_database_in_a_missing_folder_is_created_in_wal_mode_at_the_current_schema_version() throws Exception {
        Path file = folder.resolve("cache/termux_extensions/jobs.db");

        try (SqliteJobStore store = SqliteJobStore.open(file, settings)) {
            assertThat(store.list()).isEmpty();
            store.insert(pending("job-a", T0));
            store.sync();
        }

        assertThat(SqliteFiles.queryOne(file, "PRAGMA journal_mode")).isEqualTo("wal");
        assertThat(SqliteFiles.queryOne(file, "PRAGMA user_version")).isEqualTo(String.valueOf(JobsDao.SCHEMA_VERSION));
        assertThat(SqliteFiles.query(file, "SELECT id FROM jobs")).containsExactly("job-a");
        assertThat(folder.resolve("cache/termux_extensions/jobs.json")).doesNotExist();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void an_empty_database_at_schema_version_zero_is_upgraded_on_open() throws Exception {
        // SQLite reads an empty file as a database with no tables, at user_version 0.
        Files.createFile(file());

        try (SqliteJobStore store = open()) {
            store.insert(pending("job-a", T0));
        }

        assertThat(SqliteFiles.queryOne(file(), "PRAGMA user_version")).isEqualTo(String.valueOf(JobsDao.SCHEMA_VERSION));
        assertThat(SqliteFiles.query(file(), "SELECT id FROM jobs")).containsExactly("job-a");
    }

    @Test
    void a_database_with_a_newer_schema_is_refused_and_left_unchanged() throws Exception {
        SqliteFiles.execute(file(), "CREATE TABLE jobs (id TEXT PRIMARY KEY, shape TEXT)",
                "INSERT INTO jobs VALUES ('job-a', 'of the future')", "PRAGMA user_version = 99");
        byte[] before = Files.readAllBytes(file());

        assertThatThrownBy(this::open)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("schema version 99, newer than this Job Registry knows (" + JobsDao.SCHEMA_VERSION + ")")
                .hasMessageContaining("left unchanged");

        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(folder.resolve("jobs.db.corrupt-" + STAMP)).doesNotExist();
        assertThatThrownBy(this::open).as("the refused store released its lock")
                .hasMessageContaining("newer than").hasMessageNotContaining("in use");
    }

    @Test
    void a_database_of_another_program_is_refused_and_left_unchanged() throws Exception {
        SqliteFiles.execute(file(), "CREATE TABLE recipes (name TEXT)", "INSERT INTO recipes VALUES ('bread')");

        assertThatThrownBy(this::open)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining("did not create")
                .hasMessageContaining("another --store-path");

        assertThat(SqliteFiles.query(file(), "SELECT name FROM recipes")).containsExactly("bread");
        assertThat(SqliteFiles.query(file(), "SELECT name FROM sqlite_schema WHERE name = 'jobs'")).isEmpty();
    }

    @Test
    void a_file_that_is_not_a_database_is_moved_aside_with_its_wal_and_shm_files_and_the_store_starts_empty()
            throws Exception {
        byte[] garbage = "these are not the pages you are looking for\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        byte[] wal = "a write-ahead log of something else".getBytes(StandardCharsets.UTF_8);
        byte[] shm = "shared memory of something else".getBytes(StandardCharsets.UTF_8);
        Files.write(file(), garbage);
        Files.write(folder.resolve("jobs.db-wal"), wal);
        Files.write(folder.resolve("jobs.db-shm"), shm);

        try (SqliteJobStore store = open()) {
            assertThat(store.list()).isEmpty();
            store.insert(pending("job-new", T0));
        }

        Path aside = folder.resolve("jobs.db.corrupt-" + STAMP);
        assertThat(aside).hasBinaryContent(garbage);
        assertThat(folder.resolve("jobs.db.corrupt-" + STAMP + "-wal")).hasBinaryContent(wal);
        // SQLite may rebuild its shared-memory index even when reading; it moves along all the same.
        assertThat(folder.resolve("jobs.db.corrupt-" + STAMP + "-shm")).exists();
        assertThat(SqliteFiles.query(file(), "SELECT id FROM jobs")).containsExactly("job-new");
        assertThat(log.warnings()).singleElement().asString()
                .contains(file().toString(), "not an SQLite database", aside.toString(), "started with no jobs",
                        "Nothing was deleted")
                .doesNotContain("\n");
    }

    @Test
    void a_damaged_database_left_by_a_crash_is_moved_aside_with_its_write_ahead_log_unchanged() throws Exception {
        Path original = folder.resolve("original/jobs.db");
        try (SqliteJobStore store = SqliteJobStore.open(original, settings)) {
            insertBigJobs(store, 0, 200);
        }
        try (SqliteJobStore store = SqliteJobStore.open(original, settings)) {
            insertBigJobs(store, 200, 250);
            store.sync();
            // While the store is open its last transactions are only in the write-ahead log: copies
            // taken now are the files a kill -9 would leave.
            Files.copy(original, file());
            Files.copy(original.resolveSibling("jobs.db-wal"), folder.resolve("jobs.db-wal"));
        }
        damagePages(file(), 3, 30);
        byte[] damaged = Files.readAllBytes(file());
        byte[] wal = Files.readAllBytes(folder.resolve("jobs.db-wal"));
        assertThat(wal).as("the crash left transactions in the log").isNotEmpty();

        try (SqliteJobStore store = open()) {
            assertThat(store.list()).isEmpty();
        }

        assertThat(folder.resolve("jobs.db.corrupt-" + STAMP)).hasBinaryContent(damaged);
        assertThat(folder.resolve("jobs.db.corrupt-" + STAMP + "-wal")).hasBinaryContent(wal);
        assertThat(log.warnings()).singleElement().asString()
                .contains(file().toString(), "damaged", "started with no jobs");
    }

    private static void insertBigJobs(SqliteJobStore store, int from, int to) {
        for (int i = from; i < to; i++) {
            store.insert(Job.submitted(new JobId("job-%03d".formatted(i)), "noop", Map.of("text", "x".repeat(2_000)),
                    T0.plusSeconds(i)));
        }
    }

    @Test
    void a_second_corrupt_file_in_the_same_second_gets_a_numbered_name() throws IOException {
        Files.writeString(file(), "first ".repeat(100));
        open().close();
        Files.delete(file());
        Files.writeString(file(), "second ".repeat(100));
        open().close();

        assertThat(folder.resolve("jobs.db.corrupt-" + STAMP)).hasContent("first ".repeat(100));
        assertThat(folder.resolve("jobs.db.corrupt-" + STAMP + "-1")).hasContent("second ".repeat(100));
    }

    @Test
    void a_row_that_cannot_be_read_is_skipped_with_one_warning_and_left_in_the_database() throws Exception {
        try (SqliteJobStore store = open()) {
            store.insert(pending("job-good", T0));
            store.insert(pending("job-bad", T0));
        }
        SqliteFiles.execute(file(), "UPDATE jobs SET params = '[1, 2]' WHERE id = 'job-bad'");

        try (SqliteJobStore store = open()) {
            assertThat(store.list()).extracting(job -> job.id().value()).containsExactly("job-good");
            store.insert(pending("job-later", T0));
        }

        assertThat(log.warnings()).singleElement().asString().contains("job-bad", "params", "not a JSON object",
                "stay in the database");
        assertThat(SqliteFiles.queryOne(file(), "SELECT params FROM jobs WHERE id = 'job-bad'")).isEqualTo("[1, 2]");
    }

    @Test
    void a_second_store_on_the_same_file_is_refused_and_names_the_holder() {
        try (SqliteJobStore first = open()) {
            assertThatThrownBy(this::open)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(file().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(first.list()).isEmpty();
        }
        open().close();
    }

    @Test
    void moving_the_database_aside_is_refused_while_a_store_has_it_open_and_works_once_closed() throws Exception {
        try (SqliteJobStore store = open()) {
            store.insert(pending("job-a", T0));
            assertThatThrownBy(() -> SqliteJobStore.moveAside(file(), "replaced", settings.clock()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }

        assertThat(SqliteJobStore.moveAside(file(), "replaced", settings.clock()))
                .contains(folder.resolve("jobs.db.replaced-" + STAMP));
        assertThat(file()).doesNotExist();
        assertThat(SqliteFiles.query(folder.resolve("jobs.db.replaced-" + STAMP), "SELECT id FROM jobs"))
                .containsExactly("job-a");
        assertThat(SqliteJobStore.moveAside(file(), "replaced", settings.clock())).isEmpty();
    }

    /** Overwrites pages {@code from} to {@code to} (1-based, 4 KiB) with a pattern no b-tree page has. */
    private static void damagePages(Path file, int from, int to) throws IOException {
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 0xA5);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            assertThat(raw.length()).as("the database has the pages to damage").isGreaterThan(to * 4096L);
            for (int page = from; page <= to; page++) {
                raw.seek((page - 1) * 4096L);
                raw.write(junk);
            }
        }
    }
}
