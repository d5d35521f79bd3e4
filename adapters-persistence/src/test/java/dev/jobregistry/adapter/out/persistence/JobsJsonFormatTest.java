package dev.jobregistry.adapter.out.persistence;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobregistry.application.port.out.JobStoreContract;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** jobs.json as the original registry wrote and read it: the same shape, both ways. */
class JobsJsonFormatTest {

    /** Written by Python's json.dumps(indent=2) from records shaped as the original's to_state_dict(). */
    private static final String ORIGINAL_FIXTURE = "original-jobs.json";

    /** The keys the original's loader reads from every record. */
    private static final Set<String> ORIGINAL_KEYS = Set.of("id", "type", "status", "message", "result", "error",
            "progress", "created_at", "started_at", "finished_at", "params");

    private final SettableClock clock = SettableClock.atSomeMoment();
    private final StoreSettings settings = new StoreSettings(Duration.ofSeconds(1), clock);

    @TempDir
    Path folder;

    @Test
    void a_file_the_original_wrote_loads_with_every_state() throws IOException {
        Path file = copyFixture();

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            assertThat(store.list()).extracting(job -> job.id().value()).containsExactly(
                    "job-9e8d7c6b", "job-12345678", "job-deadbeef", "job-0badf00d", "job-a1b2c3d4", "job-3f9c2a7b");
            assertThat(store.list()).extracting(Job::status).containsExactly(JobStatus.SUCCEEDED, JobStatus.PENDING,
                    JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.FAILED, JobStatus.SUCCEEDED);

            Job extracted = store.find(new JobId("job-3f9c2a7b")).orElseThrow();
            assertThat(extracted.type()).isEqualTo("extract_archive");
            assertThat(extracted.message()).isEqualTo("Extracted 12 items");
            assertThat(extracted.result()).isEqualTo(Map.of("extracted", 12,
                    "destination", "/data/data/com.termux/files/home/out", "skipped", List.of()));
            assertThat(extracted.progress()).isEqualTo(new Progress(12L, 12L, "docs/résumé.pdf"));
            assertThat(extracted.createdAt()).isEqualTo(Instant.ofEpochSecond(1733321234, 512_000_000));
            assertThat(extracted.startedAt()).isEqualTo(Instant.ofEpochSecond(1733321234, 530_163_500));
            assertThat(extracted.finishedAt()).isEqualTo(Instant.ofEpochSecond(1733321240, 91_711_800));
            assertThat(extracted.cancelRequested()).isFalse();
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("overwrite", "rename");
            options.put("preserve_paths", true);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("archive_path", "/data/data/com.termux/files/home/a.zip");
            params.put("destination", "/data/data/com.termux/files/home/out");
            params.put("items", null);
            params.put("options", options);
            assertThat(extracted.params()).isEqualTo(params);

            Job failed = store.find(new JobId("job-a1b2c3d4")).orElseThrow();
            assertThat(failed.error()).isEqualTo("[Errno 28] No space left on device: '/sdcard/big.iso'");
            assertThat(failed.progress()).isEqualTo(new Progress(1_048_576L, 4_294_967_296L, "big.iso"));
            assertThat(failed.result()).isNull();

            Job cancelled = store.find(new JobId("job-0badf00d")).orElseThrow();
            assertThat(cancelled.startedAt()).isNull();
            assertThat(cancelled.progress()).isNull();
            assertThat(cancelled.params()).isEqualTo(Map.of("duration", 30, "message", "Long wait"));

            Job running = store.find(new JobId("job-deadbeef")).orElseThrow();
            assertThat(running.progress()).isEqualTo(new Progress(3L, null, "tmp/cache"));
            assertThat(running.finishedAt()).isNull();
            assertThat(running.createdAt()).isEqualTo(Instant.ofEpochSecond(1733321500, 1_000));

            Job pending = store.find(new JobId("job-12345678")).orElseThrow();
            assertThat(pending.message()).isNull();
            assertThat(pending.createdAt()).isEqualTo(Instant.ofEpochSecond(1733321600, 999_999_800));
        }
    }

    @Test
    void times_read_from_the_original_are_written_back_with_the_same_digits() throws IOException {
        Path file = copyFixture();
        List<String> originalTimes = Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(line -> line.matches("\"(created|started|finished)_at\": [0-9.]+,?"))
                .map(line -> line.endsWith(",") ? line.substring(0, line.length() - 1) : line)
                .toList();
        assertThat(originalTimes).hasSize(14);

        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            store.insert(JobStoreContract.jobsWithEveryField().getFirst());
            store.sync();
        }

        String written = Files.readString(file);
        assertThat(written).contains(originalTimes);
    }

    @Test
    void a_file_we_write_has_the_shape_the_original_reads() throws IOException {
        Path file = folder.resolve("jobs.json");
        List<Job> jobs = JobStoreContract.jobsWithEveryField();
        try (JsonFileJobStore store = JsonFileJobStore.open(file, settings)) {
            jobs.forEach(store::insert);
        }

        // Read as Python's json.load reads it: strict JSON, except that NaN and Infinity are numbers.
        JsonNode root = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build()
                .readTree(file.toFile());
        assertThat(root.isObject()).isTrue();
        assertThat(root.size()).isEqualTo(jobs.size());
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode job = entry.getValue();
            assertThat(job.isObject()).isTrue();
            assertThat(namesOf(job)).containsAll(ORIGINAL_KEYS).contains("cancel_requested");
            assertThat(job.get("id").textValue()).isEqualTo(entry.getKey()).startsWith("job-");
            assertThat(job.get("type").isTextual()).isTrue();
            assertThat(job.get("status").textValue()).isIn("pending", "running", "succeeded", "failed", "cancelled");
            assertThat(job.get("params").isObject()).isTrue();
            assertThat(job.get("message").isTextual() || job.get("message").isNull()).isTrue();
            assertThat(job.get("error").isTextual() || job.get("error").isNull()).isTrue();
            assertThat(job.get("result").isObject() || job.get("result").isNull()).isTrue();
            assertThat(job.get("cancel_requested").isBoolean()).isTrue();
            assertThat(job.get("created_at").isFloatingPointNumber()).as("time.time() is a float").isTrue();
            for (String time : List.of("started_at", "finished_at")) {
                assertThat(job.get(time).isFloatingPointNumber() || job.get(time).isNull()).isTrue();
            }
            JsonNode progress = job.get("progress");
            assertThat(progress.isObject() || progress.isNull()).isTrue();
            if (progress.isObject()) {
                assertThat(namesOf(progress)).isSubsetOf("completed", "total", "detail");
                progress.properties().forEach(part -> assertThat(part.getValue().isNumber()
                        || part.getValue().isTextual()).isTrue());
            }
        }
    }

    @Test
    void a_file_we_write_is_laid_out_as_python_json_dumps_with_indent_2() throws IOException {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("duration", 2.5);
        params.put("items", List.of(1, "a"));
        params.put("empty", Map.of());
        params.put("list", List.of());
        Job job = new Job(new JobId("job-1"), "noop", params, JobStatus.RUNNING, "Café \uD83D\uDE00",
                new Progress(5L, 12L, "a.txt"), null, null, false, Instant.ofEpochSecond(1733321234, 512_000_000),
                Instant.ofEpochSecond(1733321234, 530_000_000), null);

        // What Python 3 prints for json.dumps({"job-1": <this job as a dict>}, indent=2).
        assertThat(write(List.of(job))).isEqualTo("""
                {
                  "job-1": {
                    "id": "job-1",
                    "type": "noop",
                    "params": {
                      "duration": 2.5,
                      "items": [
                        1,
                        "a"
                      ],
                      "empty": {},
                      "list": []
                    },
                    "status": "running",
                    "message": "Caf\\u00e9 \\ud83d\\ude00",
                    "progress": {
                      "completed": 5,
                      "total": 12,
                      "detail": "a.txt"
                    },
                    "result": null,
                    "error": null,
                    "cancel_requested": false,
                    "created_at": 1733321234.512,
                    "started_at": 1733321234.53,
                    "finished_at": null
                  }
                }""");
    }

    @Test
    void an_empty_store_is_written_as_an_empty_object() throws IOException {
        assertThat(write(List.of())).isEqualTo("{}");
    }

    @Test
    void missing_keys_get_the_original_loaders_defaults_and_unknown_keys_are_ignored() throws Exception {
        JobsJson.Contents contents = read("""
                {
                  "job-bare": {},
                  "job-key": {"status": "succeeded", "type": null, "params": null, "extra": [1, 2], "created_at": 1.5}
                }""");

        assertThat(contents.rejected()).isEmpty();
        Job bare = contents.jobs().get(0);
        assertThat(bare).isEqualTo(new Job(new JobId("job-bare"), "unknown", Map.of(), JobStatus.PENDING, null, null,
                null, null, false, clock.instant(), null, null));
        Job key = contents.jobs().get(1);
        assertThat(key.id()).isEqualTo(new JobId("job-key"));
        assertThat(key.type()).isEqualTo("unknown");
        assertThat(key.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(key.params()).isEmpty();
        assertThat(key.createdAt()).isEqualTo(Instant.ofEpochSecond(1, 500_000_000));
    }

    @Test
    void a_fractional_progress_count_from_the_original_is_cut_to_whole_units() throws Exception {
        JobsJson.Contents contents = read("""
                {"job-1": {"status": "running", "progress": {"completed": 2.75, "total": 10.0}}}""");

        assertThat(contents.jobs().getFirst().progress()).isEqualTo(new Progress(2L, 10L, null));
    }

    @Test
    void records_that_cannot_be_jobs_are_reported_with_their_key_and_reason() throws Exception {
        JobsJson.Contents contents = read("""
                {
                  "job-good": {"status": "failed"},
                  "job-number": 42,
                  "job-status": {"status": "done"},
                  "task-1": {"status": "pending"},
                  "job-": {"status": "pending"},
                  "job-time": {"created_at": "yesterday"},
                  "job-nan-time": {"created_at": NaN},
                  "job-params": {"params": [1, 2]},
                  "job-progress": {"progress": {"completed": "half"}},
                  "job-other-id": {"id": "job-good"}
                }""");

        assertThat(contents.jobs()).extracting(job -> job.id().value()).containsExactly("job-good");
        assertThat(contents.rejected()).extracting(Object::toString).containsExactly(
                "job-number (not a JSON object)",
                "job-status (unknown status \"done\")",
                "task-1 (id \"task-1\" does not start with \"job-\")",
                "job- (id \"job-\" is not a valid job id: " + domainRefusal("job-") + ")",
                "job-time (created_at is not a number of epoch seconds)",
                "job-nan-time (created_at is not a number of epoch seconds)",
                "job-params (params is not a JSON object)",
                "job-progress (progress.completed is not a number)",
                "job-other-id (a second record with id job-good)");
    }

    @Test
    void nan_and_infinity_in_params_pass_through_as_python_writes_them() throws Exception {
        JobsJson.Contents contents = read("""
                {"job-1": {"params": {"ratio": NaN, "limit": Infinity, "floor": -Infinity}}}""");
        Job job = contents.jobs().getFirst();

        assertThat(job.params()).isEqualTo(Map.of("ratio", Double.NaN, "limit", Double.POSITIVE_INFINITY,
                "floor", Double.NEGATIVE_INFINITY));
        assertThat(write(List.of(job))).contains("\"ratio\": NaN", "\"limit\": Infinity", "\"floor\": -Infinity");
    }

    @Test
    void an_instant_is_written_as_epoch_seconds_with_the_fraction_it_holds() {
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(1733321234, 512_000_000))).isEqualTo("1733321234.512");
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(1733321234, 512_345_000))).isEqualTo("1733321234.512345");
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(1733321234, 1_000))).isEqualTo("1733321234.000001");
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(1733321234, 123_456_789)))
                .isEqualTo("1733321234.123456789");
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(1733321234))).isEqualTo("1733321234.0");
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(-2, 500_000_000))).isEqualTo("-1.5");
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(-1, 250_000_000))).isEqualTo("-0.75");
        assertThat(JobsJson.epochSeconds(Instant.ofEpochSecond(-3))).isEqualTo("-3.0");
    }

    @Test
    void every_written_time_reads_back_as_the_same_instant() throws Exception {
        List<Instant> times = Arrays.asList(Instant.ofEpochSecond(1733321234, 512_345_000),
                Instant.ofEpochSecond(1733321234, 123_456_789), Instant.ofEpochSecond(-2, 500_000_000),
                Instant.ofEpochSecond(0), Instant.ofEpochSecond(1733321234, 999_999_999));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            jobs.add(Job.submitted(new JobId("job-" + i), "noop", Map.of(), times.get(i)));
        }

        assertThat(JobsJson.read(new ByteArrayInputStream(write(jobs).getBytes(StandardCharsets.US_ASCII)), clock)
                .jobs()).isEqualTo(jobs);
    }

    /** Why the domain refuses {@code id}, in its own words. */
    private static String domainRefusal(String id) {
        try {
            return "accepted " + new JobId(id);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private Path copyFixture() throws IOException {
        Path file = folder.resolve("jobs.json");
        try (InputStream fixture = getClass().getResourceAsStream(ORIGINAL_FIXTURE)) {
            assertThat(fixture).as(ORIGINAL_FIXTURE).isNotNull();
            Files.copy(fixture, file);
        }
        return file;
    }

    private static String write(List<Job> jobs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobsJson.write(jobs, out);
        String text = out.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).as("only ASCII, as Python's ensure_ascii writes").matches("\\p{ASCII}*");
        return text;
    }

    private JobsJson.Contents read(String json) throws JobsJson.UnusableFileException {
        return JobsJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), clock);
    }

    private static List<String> namesOf(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
