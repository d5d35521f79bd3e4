package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.JobId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening a jobs.json store: missing folders, files that cannot be loaded, and single ownership. */
class JsonFileJobStoreOpeningTest {

    /** SettableClock.atSomeMoment() in UTC, as set-aside names show it. */
    private static final String STAMP = "20241204-120000";

    private final StoreSettings settings = new StoreSettings(Duration.ofSeconds(1), SettableClock.atSomeMoment());
    private final CapturedLog log = new CapturedLog();

    @TempDir
    Path folder;

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Test
    void a_missing_file_in_a_missing_folder_opens_an_empty_store_and_the_first_write_creates_both() {
        Path file = folder.resolve("cache/termux_extensions/jobs.json");

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            assertThat(store.list()).isEmpty();
            store.insert(pending("job-a", T0));
            store.sync();
        }

        assertThat(file).exists();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void a_file_that_is_not_json_is_moved_aside_unchanged_and_the_store_starts_empty() throws IOException {
        Path file = folder.resolve("jobs.json");
        byte[] garbage = "{\"job-a\": {\"status\": \"running\"".getBytes(StandardCharsets.UTF_8);
        Files.write(file, garbage);

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            assertThat(store.list()).isEmpty();
        }

        Path aside = folder.resolve("jobs.json.corrupt-" + STAMP);
        assertThat(aside).hasBinaryContent(garbage);
        assertThat(file).doesNotExist();
        assertThat(log.warnings()).singleElement().asString()
                .contains(file.toString(), "is not valid JSON", "line 1", aside.toString(), "started with no jobs")
                .doesNotContain("\n");
    }

    @Test
    void a_second_corrupt_file_in_the_same_second_gets_a_numbered_name() throws IOException {
        Path file = folder.resolve("jobs.json");
        Files.writeString(file, "first");
        JsonFileJobStore.open(file, settings).close();
        Files.writeString(file, "second");
        JsonFileJobStore.open(file, settings).close();

        assertThat(folder.resolve("jobs.json.corrupt-" + STAMP)).hasContent("first");
        assertThat(folder.resolve("jobs.json.corrupt-" + STAMP + "-1")).hasContent("second");
    }

    @Test
    void a_file_that_holds_no_json_object_is_moved_aside() throws IOException {
        Path file = folder.resolve("jobs.json");
        Files.writeString(file, "[{\"id\": \"job-a\"}]");

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            assertThat(store.list()).isEmpty();
        }

        assertThat(folder.resolve("jobs.json.corrupt-" + STAMP)).hasContent("[{\"id\": \"job-a\"}]");
        assertThat(log.warnings()).singleElement().asString().contains("does not hold a JSON object");
    }

    @Test
    void an_empty_file_is_moved_aside() throws IOException {
        Path file = folder.resolve("jobs.json");
        Files.writeString(file, "");

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            assertThat(store.list()).isEmpty();
        }

        assertThat(folder.resolve("jobs.json.corrupt-" + STAMP)).exists();
        assertThat(log.warnings()).singleElement().asString().contains("is empty");
    }

    @Test
    void records_that_cannot_be_jobs_are_skipped_after_the_whole_file_is_copied_aside_and_the_file_is_rewritten()
            throws IOException {
        Path file = folder.resolve("jobs.json");
        String original = """
                {
                  "job-good": {"id": "job-good", "type": "noop", "status": "succeeded", "created_at": 1733321234.5},
                  "job-done": {"id": "job-done", "type": "noop", "status": "done", "created_at": 1733321235.5},
                  "job-list": [],
                  "42": {"type": "noop", "status": "pending", "created_at": 1733321236.5},
                  "job-also-good": {"status": "failed", "created_at": 1733321237.5}
                }""";
        Files.writeString(file, original);

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            assertThat(store.list()).extracting(job -> job.id().value()).containsExactly("job-also-good", "job-good");
        }

        Path copy = folder.resolve("jobs.json.rejected-" + STAMP);
        assertThat(copy).hasContent(original);
        assertThat(Files.readString(file)).contains("job-good", "job-also-good")
                .doesNotContain("job-done", "job-list", "\"42\"");
        assertThat(log.warnings()).singleElement().asString()
                .contains(file.toString(), "job-done (unknown status \"done\")", "job-list (not a JSON object)",
                        "42 (id \"42\" does not start with \"job-\")", copy.toString(), "loaded the other 2 job(s)")
                .doesNotContain("\n");
    }

    @Test
    void a_second_store_on_the_same_file_is_refused_naming_the_owner_pid() {
        Path file = folder.resolve("jobs.json");
        try (JsonFileJobStore first = JsonFileJobStore.open(file, settings)) {
            first.insert(pending("job-a", T0));

            assertThatThrownBy(() -> JsonFileJobStore.open(file, settings))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("in use by another Job Registry")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("--store-path");
            assertThatThrownBy(() -> JsonFileJobStore.open(folder.resolve("sub/../jobs.json"), settings))
                    .as("another spelling of the same path").isInstanceOf(StoreUnavailableException.class);
            assertThat(first.find(new JobId("job-a"))).as("the owner is unaffected").isPresent();
        }

        try (JsonFileJobStore again = JsonFileJobStore.open(file, settings)) {
            assertThat(again.list()).hasSize(1);
        }
    }

    @Test
    void the_lock_file_names_the_owner_while_the_store_is_open() throws IOException {
        Path file = folder.resolve("jobs.json");
        Path lockFile = folder.resolve("jobs.json.lock");

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            assertThat(Files.readString(lockFile).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThat(store.list()).isEmpty();
        }

        assertThat(lockFile).isEmptyFile();
    }
}
