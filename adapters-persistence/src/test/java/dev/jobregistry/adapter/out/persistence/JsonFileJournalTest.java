package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32C;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.moved;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs.json store's journal: a sync appends, close and compaction fold it into jobs.json, and
 * a start after a crash applies exactly the journal that belongs to the jobs.json on disk. A crash
 * is simulated by copying the files of an open store to another folder, which is what a kill -9
 * at that moment would leave (the kill -9 itself is covered by JsonFileJobStoreDurabilityTest).
 */
class JsonFileJournalTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final String STAMP = "20241204-120000";

    private final StoreSettings settings = new StoreSettings(NEVER, SettableClock.atSomeMoment());
    private final CapturedLog log = new CapturedLog();

    @TempDir
    Path folder;

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    private Path file() {
        return folder.resolve("jobs.json");
    }

    private static Path journalOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".journal");
    }

    /** What a crash now would leave: the store's files as they are, in a folder of their own. */
    private Path crashCopy(String name) throws IOException {
        Path copy = Files.createDirectory(folder.resolve(name)).resolve("jobs.json");
        for (Path source : List.of(file(), journalOf(file()))) {
            if (Files.exists(source)) {
                Files.copy(source, copy.resolveSibling(source.getFileName()));
            }
        }
        return copy;
    }

    /** The journal's text: up to the zero bytes it is grown by. */
    private static String journalText(Path file) throws IOException {
        String text = Files.readString(journalOf(file), StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\0');
        return end < 0 ? text : text.substring(0, end);
    }

    /** Writes {@code text} where the journal's changes end, as an append by a store would. */
    private static void appendToJournal(Path file, String text) throws IOException {
        long end = journalText(file).length();
        try (var channel = java.nio.channels.FileChannel.open(journalOf(file), StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), end);
        }
    }

    /** What a crash right after job-a was inserted and synced would leave. */
    private Path crashedAfterSyncingJobA() throws IOException {
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), settings)) {
            store.insert(pending("job-a", T0));
            store.sync();
            return crashCopy("crashed");
        }
    }

    private static List<String> ids(JsonFileJobStore store) {
        return store.list().stream().map(job -> job.id().value()).toList();
    }

    @Test
    void a_sync_appends_the_change_to_the_journal_and_a_start_after_a_crash_applies_it() throws IOException {
        Job first = pending("job-a", T0);
        Path crashed;
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), settings)) {
            store.insert(first);
            store.sync();
            store.insert(pending("job-b", T0.plusSeconds(1)));
            store.replace(moved(first.start(T0.plusSeconds(2))), JobStatus.PENDING);
            store.sync();

            assertThat(file()).as("jobs.json is written when the journal is folded in").doesNotExist();
            assertThat(Files.size(journalOf(file()))).as("grown ahead").isGreaterThan(journalText(file()).length());
            assertThat(journalText(file()).lines()).hasSize(1 + 3)
                    .first().asString().startsWith("# jobs.json journal 1: extends jobs.json of -1 bytes");
            assertThat(store.compactions()).isZero();
            crashed = crashCopy("crashed");
        }

        try (JsonFileJobStore restarted = JsonFileJobStore.open(crashed, settings)) {
            assertThat(ids(restarted)).containsExactly("job-b", "job-a");
            assertThat(restarted.find(new JobId("job-a")).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
        }
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void close_folds_the_journal_into_jobs_json_and_deletes_it() throws IOException {
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), settings)) {
            store.insert(pending("job-a", T0));
            store.sync();
            store.insert(pending("job-b", T0.plusSeconds(1)));
        }

        assertThat(journalOf(file())).doesNotExist();
        assertThat(folder.resolve("jobs.json.journal.tmp")).doesNotExist();
        String written = Files.readString(file());
        assertThat(written).startsWith("{\n  \"job-a\": {").contains("\"job-b\": {");
        try (JsonFileJobStore reopened = JsonFileJobStore.open(file(), settings)) {
            assertThat(ids(reopened)).containsExactly("job-b", "job-a");
        }
        assertThat(Files.readString(file())).as("opening and closing with nothing new rewrites nothing").isEqualTo(written);
    }

    @Test
    void the_journal_is_folded_in_once_it_is_larger_than_jobs_json_and_the_minimum() throws IOException {
        Path crashed;
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), settings, 2_000)) {
            for (int i = 0; i < 40; i++) {
                store.insert(pending("job-" + i, T0.plusSeconds(i)));
                store.sync();
            }

            assertThat(store.compactions()).isPositive();
            assertThat((long) journalText(file()).length()).isLessThanOrEqualTo(Math.max(2_000, Files.size(file())) + 1_000);
            assertThat(Files.readString(file())).contains("\"job-0\": {");
            crashed = crashCopy("crashed");
        }

        try (JsonFileJobStore restarted = JsonFileJobStore.open(crashed, settings)) {
            assertThat(restarted.list()).hasSize(40);
        }
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void after_a_flush_interval_without_changes_jobs_json_holds_every_job() {
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), new StoreSettings(Duration.ofMillis(20),
                SettableClock.atSomeMoment()))) {
            store.insert(pending("job-a", T0));
            store.sync();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(store::compactions, n -> n >= 1);
            assertThat(KilledChild.readQuietly(file())).contains("\"job-a\": {");
        }
    }

    @Test
    void a_torn_last_line_is_cut_off_and_the_lines_before_it_apply() throws IOException {
        Path crashed = crashedAfterSyncingJobA();
        appendToJournal(crashed, "+{\"job-b\":{\"id\":\"job-b\",\"tornmark");

        try (JsonFileJobStore restarted = JsonFileJobStore.open(crashed, settings)) {
            assertThat(ids(restarted)).containsExactly("job-a");
            restarted.insert(pending("job-c", T0.plusSeconds(1)));
            restarted.sync();
            assertThat(journalText(crashed)).doesNotContain("tornmark").endsWith("\n");
            Path again = Files.createDirectory(folder.resolve("again")).resolve("jobs.json");
            Files.copy(journalOf(crashed), journalOf(again));
            try (JsonFileJobStore second = JsonFileJobStore.open(again, settings)) {
                assertThat(ids(second)).containsExactly("job-c", "job-a");
            }
        }
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void a_line_that_cannot_be_read_is_skipped_with_a_copy_of_the_journal_set_aside() throws IOException {
        Path crashed = crashedAfterSyncingJobA();
        appendToJournal(crashed, "*garbage\n-not-a-job-id\n");
        byte[] damaged = Files.readAllBytes(journalOf(crashed));

        try (JsonFileJobStore restarted = JsonFileJobStore.open(crashed, settings)) {
            assertThat(ids(restarted)).containsExactly("job-a");
        }
        assertThat(crashed.resolveSibling("jobs.json.journal.rejected-" + STAMP)).hasBinaryContent(damaged);
        assertThat(log.warnings()).singleElement().asString()
                .contains("skipped 2 change(s)", "line 3", "line 4", "applied the other 1");
        assertThat(journalOf(crashed)).as("folded in on close").doesNotExist();
    }

    @Test
    void a_journal_written_for_another_jobs_json_is_moved_aside_and_not_applied() throws IOException {
        Path crashed = crashedAfterSyncingJobA();
        // Meanwhile another program (the original registry) wrote jobs.json.
        String theirs = "{\n  \"job-theirs\": {\"id\": \"job-theirs\", \"type\": \"noop\", \"status\": \"succeeded\", "
                + "\"created_at\": 1733321234.5}\n}";
        Files.writeString(crashed, theirs);
        byte[] journal = Files.readAllBytes(journalOf(crashed));

        try (JsonFileJobStore restarted = JsonFileJobStore.open(crashed, settings)) {
            assertThat(ids(restarted)).containsExactly("job-theirs");
        }
        assertThat(crashed.resolveSibling("jobs.json.journal.stale-" + STAMP)).hasBinaryContent(journal);
        assertThat(log.warnings()).singleElement().asString().contains("not applied", "stale-" + STAMP);
        assertThat(Files.readString(crashed)).as("nothing new was written").isEqualTo(theirs);
    }

    @Test
    void a_journal_a_compaction_had_already_folded_in_is_dropped_without_a_warning() throws IOException {
        Path crashed;
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), settings)) {
            store.insert(pending("job-a", T0));
            store.sync();
            store.insert(pending("job-b", T0.plusSeconds(1)));
            store.sync();
            crashed = crashCopy("crashed");
        }
        // The compaction's state when the process died: the new jobs.json (job-a and job-b, as
        // close just wrote it) in place, the next journal still under its temp name, the old
        // journal not yet replaced.
        Files.copy(file(), crashed);
        byte[] newFile = Files.readAllBytes(crashed);
        CRC32C crc = new CRC32C();
        crc.update(newFile);
        Files.writeString(crashed.resolveSibling("jobs.json.journal.tmp"), "# jobs.json journal 1: extends jobs.json of "
                + newFile.length + " bytes, crc32c " + Long.toHexString(crc.getValue()) + "\n", StandardCharsets.US_ASCII);

        try (JsonFileJobStore restarted = JsonFileJobStore.open(crashed, settings)) {
            assertThat(ids(restarted)).containsExactly("job-b", "job-a");
        }
        assertThat(log.warnings()).isEmpty();
        try (var files = Files.list(crashed.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("jobs.json", "jobs.json.lock");
        }
    }

    @Test
    void a_failed_append_fails_sync_and_the_next_write_stores_those_changes_too() throws IOException {
        Path crashed;
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), settings)) {
            // A folder where the journal is created makes the first append fail, even for root.
            Path blocker = Files.createDirectory(folder.resolve("jobs.json.journal.tmp"));
            store.insert(pending("job-a", T0));
            org.assertj.core.api.Assertions.assertThatThrownBy(store::sync)
                    .isInstanceOf(dev.jobregistry.application.port.out.StoreUnavailableException.class);

            Files.delete(blocker);
            store.insert(pending("job-b", T0.plusSeconds(1)));
            store.sync();
            crashed = crashCopy("crashed");
        }
        try (JsonFileJobStore restarted = JsonFileJobStore.open(crashed, settings)) {
            assertThat(ids(restarted)).containsExactly("job-b", "job-a");
        }
    }

    @Test
    void when_folding_in_on_close_fails_the_journal_stays_and_the_next_start_applies_it() throws IOException {
        Path blocker = folder.resolve("jobs.json.tmp");
        try (JsonFileJobStore store = JsonFileJobStore.open(file(), settings)) {
            store.insert(pending("job-a", T0));
            store.sync();
            Files.createDirectory(blocker);
        }
        assertThat(log.warnings()).singleElement().asString().contains("could not fold", "next start");
        assertThat(journalOf(file())).exists();
        assertThat(file()).doesNotExist();

        Files.delete(blocker);
        try (JsonFileJobStore reopened = JsonFileJobStore.open(file(), settings)) {
            assertThat(ids(reopened)).containsExactly("job-a");
        }
        assertThat(journalOf(file())).doesNotExist();
        assertThat(Files.readString(file())).contains("\"job-a\": {");
    }
}
