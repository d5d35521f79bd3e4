package dev.jobregistry.application.port.out;

import dev.jobregistry.domain.CancelOutcome;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Progress;
import dev.jobregistry.domain.Transition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link JobStore} promises, as tests: one suite that every store passes (the
 * compatibility-suite pattern). A store's test extends this class and says how to open it; a
 * store that persists also says how to reopen it over the same data, and then the persistence
 * tests run too.
 */
public abstract class JobStoreContract {

    /** A moment with a fraction, like the original's {@code time.time()} values. */
    public static final Instant T0 = Instant.parse("2024-12-04T14:07:14.512345Z");

    protected JobStore store;

    /** A new, empty store. */
    protected abstract JobStore openStore();

    /**
     * A store over the same data as {@code closed}, which the caller has just closed; null (the
     * default) for stores that keep nothing once closed, which skips the persistence tests.
     */
    protected JobStore reopen(JobStore closed) {
        return null;
    }

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    // ----------------------------------------------------------------- insert, find, list

    @Test
    void inserted_job_is_found_by_its_id() {
        Job job = pending("job-a", T0);

        store.insert(job);

        assertThat(store.find(job.id())).contains(job);
    }

    @Test
    void find_of_an_unknown_id_is_empty() {
        assertThat(store.find(new JobId("job-missing"))).isEmpty();
    }

    @Test
    void an_empty_store_lists_nothing() {
        assertThat(store.list()).isEmpty();
    }

    @Test
    void list_is_newest_first_by_created_at_then_by_id() {
        Job oldest = pending("job-z", T0);
        Job tieLow = pending("job-b", T0.plusSeconds(5));
        Job tieHigh = pending("job-c", T0.plusSeconds(5));
        Job newest = pending("job-a", T0.plusMillis(5_001));
        for (Job job : List.of(tieLow, oldest, newest, tieHigh)) {
            store.insert(job);
        }

        assertThat(store.list()).containsExactly(newest, tieHigh, tieLow, oldest);
    }

    @Test
    void insert_of_an_id_already_stored_is_refused_and_keeps_the_stored_job() {
        Job first = pending("job-a", T0);
        store.insert(first);

        assertThatThrownBy(() -> store.insert(pending("job-a", T0.plusSeconds(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job-a");
        assertThat(store.find(first.id())).contains(first);
        assertThat(store.list()).containsExactly(first);
    }

    // ----------------------------------------------------------------- replace

    @Test
    void replace_moves_a_job_when_it_is_in_the_expected_status() {
        Job pending = pending("job-a", T0);
        store.insert(pending);
        Job running = moved(pending.start(T0.plusSeconds(1)));

        assertThat(store.replace(running, JobStatus.PENDING)).isTrue();

        assertThat(store.find(pending.id())).contains(running);
        assertThat(store.list()).containsExactly(running);
    }

    @Test
    void replace_refuses_when_the_job_is_in_another_status() {
        Job pending = pending("job-a", T0);
        store.insert(pending);
        Job running = moved(pending.start(T0.plusSeconds(1)));

        assertThat(store.replace(running, JobStatus.RUNNING)).isFalse();

        assertThat(store.find(pending.id())).contains(pending);
    }

    @Test
    void replace_of_a_missing_job_returns_false_and_stores_nothing() {
        Job running = moved(pending("job-a", T0).start(T0.plusSeconds(1)));

        assertThat(store.replace(running, JobStatus.PENDING)).isFalse();

        assertThat(store.find(running.id())).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void replace_never_overwrites_a_terminal_job() {
        Job running = running("job-a", T0);
        store.insert(running);
        Job succeeded = moved(running.succeed(T0.plusSeconds(2), "done", null));
        assertThat(store.replace(succeeded, JobStatus.RUNNING)).isTrue();

        Job late = moved(running.fail(T0.plusSeconds(3), "late writer"));
        assertThat(store.replace(late, JobStatus.RUNNING)).isFalse();
        assertThat(store.replace(late, JobStatus.SUCCEEDED))
                .as("even when the expected status is the terminal one it is in").isFalse();

        assertThat(store.find(running.id())).contains(succeeded);
    }

    @Test
    void replace_can_change_a_running_job_many_times() {
        Job job = running("job-a", T0);
        store.insert(job);
        for (long step = 1; step <= 5; step++) {
            Job next = moved(job.reportProgress(new Progress(step, 5L, "step " + step)));
            assertThat(store.replace(next, JobStatus.RUNNING)).isTrue();
            job = next;
        }

        assertThat(store.find(job.id())).contains(job);
        assertThat(store.list()).containsExactly(job);
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

    // ----------------------------------------------------------------- deleteFinished

    @Test
    void delete_finished_removes_a_finished_job() {
        Job done = succeeded("job-a", T0);
        store.insert(done);

        assertThat(store.deleteFinished(done.id())).isTrue();

        assertThat(store.find(done.id())).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void delete_finished_refuses_an_unfinished_job() {
        Job pending = pending("job-a", T0);
        Job running = running("job-b", T0);
        store.insert(pending);
        store.insert(running);

        assertThat(store.deleteFinished(pending.id())).isFalse();
        assertThat(store.deleteFinished(running.id())).isFalse();

        assertThat(store.list()).containsExactlyInAnyOrder(pending, running);
    }

    @Test
    void delete_finished_of_a_missing_job_returns_false() {
        assertThat(store.deleteFinished(new JobId("job-missing"))).isFalse();
    }

    @Test
    void a_deleted_id_can_be_inserted_again() {
        Job done = succeeded("job-a", T0);
        store.insert(done);
        store.deleteFinished(done.id());
        Job again = pending("job-a", T0.plusSeconds(10));

        store.insert(again);

        assertThat(store.list()).containsExactly(again);
    }

    // ----------------------------------------------------------------- pruneFinished

    @Test
    void prune_finished_keeps_the_most_recently_finished_and_returns_the_removed_ids_oldest_first() {
        // Created in one order, finished in another: retention goes by finished_at.
        Job finishedThird = finishedAt("job-1", T0, T0.plusSeconds(30));
        Job finishedFirst = finishedAt("job-2", T0.plusSeconds(1), T0.plusSeconds(10));
        Job finishedFourth = finishedAt("job-3", T0.plusSeconds(2), T0.plusSeconds(40));
        Job finishedSecond = finishedAt("job-4", T0.plusSeconds(3), T0.plusSeconds(20));
        for (Job job : List.of(finishedThird, finishedFirst, finishedFourth, finishedSecond)) {
            store.insert(job);
        }

        List<JobId> removed = store.pruneFinished(2);

        assertThat(removed).containsExactly(finishedFirst.id(), finishedSecond.id());
        assertThat(store.list()).containsExactly(finishedFourth, finishedThird);
    }

    @Test
    void prune_finished_never_removes_unfinished_jobs() {
        Job pending = pending("job-p", T0);
        Job running = running("job-r", T0.plusSeconds(1));
        Job done = succeeded("job-s", T0.plusSeconds(2));
        store.insert(pending);
        store.insert(running);
        store.insert(done);

        assertThat(store.pruneFinished(0)).containsExactly(done.id());

        assertThat(store.list()).containsExactly(running, pending);
    }

    @Test
    void prune_finished_removes_nothing_when_no_more_than_keep_are_finished() {
        store.insert(succeeded("job-a", T0));
        store.insert(succeeded("job-b", T0.plusSeconds(1)));
        store.insert(pending("job-c", T0.plusSeconds(2)));

        assertThat(store.pruneFinished(2)).isEmpty();
        assertThat(store.pruneFinished(5)).isEmpty();

        assertThat(store.list()).hasSize(3);
    }

    @Test
    void prune_finished_counts_jobs_that_finished_through_replace_and_forgets_deleted_ones() {
        Job running = running("job-a", T0);
        store.insert(running);
        store.insert(finishedAt("job-b", T0, T0.plusSeconds(5)));
        store.insert(finishedAt("job-c", T0, T0.plusSeconds(6)));
        Job failed = moved(running.fail(T0.plusSeconds(7), "boom"));
        store.replace(failed, JobStatus.RUNNING);
        store.deleteFinished(new JobId("job-c"));

        assertThat(store.pruneFinished(1)).containsExactly(new JobId("job-b"));

        assertThat(store.list()).containsExactly(failed);
    }

    @Test
    void a_finished_job_without_finished_at_counts_as_the_oldest_finished() {
        // Hand-edited or very old jobs.json files may hold such records.
        Job undated = new Job(new JobId("job-undated"), "noop", Map.of(), JobStatus.SUCCEEDED, null, null, null, null,
                false, T0.plusSeconds(10), null, null);
        Job dated = succeeded("job-dated", T0);
        store.insert(undated);
        store.insert(dated);

        assertThat(store.pruneFinished(1)).containsExactly(undated.id());
        assertThat(store.list()).containsExactly(dated);
    }

    @Test
    void prune_finished_refuses_a_negative_number_to_keep() {
        store.insert(succeeded("job-a", T0));

        assertThatThrownBy(() -> store.pruneFinished(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.list()).hasSize(1);
    }

    // ----------------------------------------------------------------- recovery

    /*
     * Recovery after a restart is the application's: it lists the jobs and moves each unfinished
     * one to failed with a compare-and-set (JobService.recoverInterrupted). The store's part is to
     * load unfinished jobs as they were and to take those moves like any other.
     */

    @Test
    void recovery_moves_every_unfinished_job_to_failed_and_leaves_finished_ones_alone() {
        Job pending = pending("job-p", T0);
        Job running = moved(running("job-r", T0.plusSeconds(1)).reportProgress(new Progress(3L, 12L, "a.txt")));
        Job done = succeeded("job-s", T0.plusSeconds(2));
        List.of(pending, running, done).forEach(store::insert);
        Instant restart = T0.plusSeconds(60);

        List<Job> recovered = recover(restart);

        assertThat(recovered).extracting(Job::id).containsExactlyInAnyOrder(pending.id(), running.id());
        for (Job job : recovered) {
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).isEqualTo(Job.INTERRUPTED_BY_RESTART);
            assertThat(job.finishedAt()).isEqualTo(restart);
            assertThat(store.find(job.id())).contains(job);
        }
        assertThat(store.find(running.id()).orElseThrow().progress()).isEqualTo(new Progress(3L, 12L, "a.txt"));
        assertThat(store.find(done.id())).contains(done);
    }

    @Test
    void a_reopened_store_loads_unfinished_jobs_as_they_were_and_keeps_their_recovery() {
        Job pending = pending("job-p", T0);
        Job running = running("job-r", T0.plusSeconds(1));
        store.insert(pending);
        store.insert(running);
        store.sync();

        JobStore reopened = closeAndReopen();
        assertThat(reopened.find(pending.id())).as("the store itself marks nothing").contains(pending);
        assertThat(reopened.find(running.id())).contains(running);
        List<Job> recovered = recover(T0.plusSeconds(60));
        reopened.sync();
        JobStore again = closeAndReopen();

        assertThat(recovered).hasSize(2);
        for (Job job : recovered) {
            assertThat(again.find(job.id())).contains(job);
        }
    }

    /** What the application does at start: every unfinished job becomes failed, by compare-and-set. */
    private List<Job> recover(Instant now) {
        List<Job> recovered = new ArrayList<>();
        for (Job job : store.list()) {
            if (job.interruptByRestart(now) instanceof Transition.Moved moved) {
                assertThat(store.replace(moved.job(), job.status())).as(job.id().value()).isTrue();
                recovered.add(moved.job());
            }
        }
        return recovered;
    }

    // ----------------------------------------------------------------- closing

    @Test
    void a_closed_store_refuses_writes_and_syncs() {
        Job running = running("job-a", T0);
        Job done = succeeded("job-b", T0);
        store.insert(running);
        store.insert(done);
        store.close();

        assertThatThrownBy(() -> store.insert(pending("job-c", T0))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.replace(moved(running.fail(T0.plusSeconds(1), "x")), JobStatus.RUNNING))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.deleteFinished(done.id())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.pruneFinished(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(store::sync).isInstanceOf(IllegalStateException.class);
    }

    // ----------------------------------------------------------------- records

    @Test
    void a_record_keeps_every_field() {
        List<Job> jobs = jobsWithEveryField();
        for (Job job : jobs) {
            store.insert(job);
        }

        for (Job job : jobs) {
            assertThat(store.find(job.id())).contains(job);
        }
    }

    @Test
    void sync_returns_once_writes_are_durable() {
        store.insert(pending("job-a", T0));

        store.sync();
        store.sync();

        assertThat(store.list()).hasSize(1);
    }

    // ----------------------------------------------------------------- persistence

    @Test
    void reopening_after_close_keeps_every_job_and_every_field() {
        List<Job> jobs = jobsWithEveryField();
        for (Job job : jobs) {
            store.insert(job);
        }
        store.sync();

        JobStore reopened = closeAndReopen();

        for (Job job : jobs) {
            assertThat(reopened.find(job.id())).contains(job);
        }
        assertThat(reopened.list()).hasSize(jobs.size());
    }

    @Test
    void reopening_keeps_replaced_deleted_and_pruned_state() {
        Job running = running("job-a", T0);
        store.insert(running);
        Job succeeded = moved(running.succeed(T0.plusSeconds(3), "ok", Map.of("n", 1)));
        store.replace(succeeded, JobStatus.RUNNING);
        store.insert(succeeded("job-b", T0.plusSeconds(1)));
        store.deleteFinished(new JobId("job-b"));
        store.insert(finishedAt("job-c", T0, T0.plusSeconds(1)));
        store.insert(pending("job-d", T0.plusSeconds(4)));
        store.pruneFinished(1);
        List<Job> before = store.list();

        JobStore reopened = closeAndReopen();

        assertThat(reopened.list()).isEqualTo(before);
        assertThat(before).extracting(Job::id).containsExactly(new JobId("job-d"), new JobId("job-a"));
    }

    @Test
    void a_reopened_store_accepts_changes_like_a_new_one() {
        Job pending = pending("job-a", T0);
        store.insert(pending);
        JobStore reopened = closeAndReopen();
        Job running = moved(pending.start(T0.plusSeconds(1)));

        assertThat(reopened.replace(running, JobStatus.PENDING)).isTrue();
        assertThatThrownBy(() -> reopened.insert(pending)).isInstanceOf(IllegalStateException.class);
        reopened.sync();
        JobStore again = closeAndReopen();

        assertThat(again.find(pending.id())).contains(running);
    }

    // ----------------------------------------------------------------- concurrency

    @Test
    void concurrent_writers_lose_nothing_and_duplicate_nothing() throws Exception {
        int threads = 8;
        int jobsPerThread = 500;
        List<Job> expected;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<Job>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> runWriter(thread, jobsPerThread)));
            }
            expected = new ArrayList<>();
            for (Future<List<Job>> result : results) {
                expected.addAll(result.get());
            }
        }
        store.sync();

        assertListHoldsExactly(store.list(), expected);
        JobStore reopened = closeAndReopenIfPersistent();
        if (reopened != null) {
            assertListHoldsExactly(reopened.list(), expected);
        }
    }

    /**
     * Inserts jobs, moves each to running and then to its end, deletes some of those that ended,
     * syncing now and then; returns the jobs that should remain, as they should be.
     */
    private List<Job> runWriter(int thread, int jobs) {
        List<Job> finals = new ArrayList<>(jobs);
        for (int i = 0; i < jobs; i++) {
            Job pending = pending("job-t%d-%04d".formatted(thread, i), T0.plusMillis(i).plusNanos(thread * 1_000L));
            store.insert(pending);
            Job running = moved(pending.start(T0.plusSeconds(1)));
            assertThat(store.replace(running, JobStatus.PENDING)).isTrue();
            if (i % 10 == 0) {
                store.sync();
            }
            Job last = i % 2 == 0
                    ? moved(running.succeed(T0.plusSeconds(2), "done " + i, Map.of("i", i)))
                    : moved(running.reportProgress(new Progress((long) i, (long) jobs, null)));
            assertThat(store.replace(last, JobStatus.RUNNING)).isTrue();
            if (i % 4 == 0) {
                assertThat(store.deleteFinished(last.id())).isTrue();
            } else {
                finals.add(last);
            }
        }
        return finals;
    }

    private static void assertListHoldsExactly(List<Job> listed, List<Job> expected) {
        assertThat(listed).hasSize(expected.size());
        assertThat(new HashSet<>(listed)).isEqualTo(new HashSet<>(expected));
        assertThat(listed).isSortedAccordingTo((a, b) -> {
            int byTime = b.createdAt().compareTo(a.createdAt());
            return byTime != 0 ? byTime : b.id().compareTo(a.id());
        });
    }

    // ----------------------------------------------------------------- helpers

    /**
     * Closes the store and opens it again over the same data; skips the test for stores that do
     * not persist.
     */
    protected JobStore closeAndReopen() {
        JobStore reopened = closeAndReopenIfPersistent();
        assumeTrue(reopened != null, "this store keeps nothing once closed");
        return reopened;
    }

    /** Closes the store and opens it again over the same data; null for stores that do not persist. */
    private JobStore closeAndReopenIfPersistent() {
        store.close();
        JobStore reopened = reopen(store);
        if (reopened != null) {
            store = reopened;
        }
        return reopened;
    }

    /**
     * One job in each state, with every field set somewhere: nested params of every JSON kind,
     * results, full and partial progress, a cancel request, an error, a message, and times with
     * millisecond, microsecond, Python-float (seven digits) and nanosecond fractions, one before 1970.
     */
    public static List<Job> jobsWithEveryField() {
        Instant created = Instant.ofEpochSecond(1733321234, 512_345_000);
        Instant started = Instant.ofEpochSecond(1733321234, 530_000_000);
        Instant ended = Instant.ofEpochSecond(1733321301, 7_000);

        Map<String, Object> options = new LinkedHashMap<>();
        options.put("overwrite", "rename");
        options.put("preserve_paths", true);
        options.put("nothing", null);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("archive_path", "/sdcard/Download/a b.zip");
        params.put("items", Arrays.asList("dir/ü.txt", 2, null, 2.5, false, Map.of("deep", List.of(List.of(), Map.of()))));
        params.put("options", options);
        params.put("count", 3);
        params.put("big", 5_000_000_000L);
        params.put("ratio", 0.1);
        params.put("negative", -7);
        params.put("tiny", 1.0E-7);
        params.put("text", "quote \" backslash \\ newline \n tab \t emoji \uD83D\uDE00 é");
        params.put("empty", Map.of());
        // Python's json module reads and writes these, so a Flask request could have put them in params.
        params.put("not_a_number", Double.NaN);
        params.put("infinite", Double.NEGATIVE_INFINITY);

        Job pending = Job.submitted(new JobId("job-3f9c2a7b41d0e8c5"), "extract_archive", params, created);
        Job running = moved(moved(moved(Job.submitted(new JobId("job-running"), "noop",
                Map.of("duration", 2.5, "message", "Testing"), created).start(started))
                .reportProgress(new Progress(5L, 12L, "a.txt")))
                .reportMessage("Testing"));
        Job partialProgress = moved(running("job-partial", created).reportProgress(new Progress(null, 7L, null)));
        Job emptyProgress = moved(running("job-empty-progress", created).reportProgress(Progress.EMPTY));
        Job cancelRequested = cancelRequested(running("job-cancel-requested", created), started);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("extracted", 12);
        result.put("destination", "/sdcard/out");
        result.put("skipped", List.of("x"));
        result.put("warning", null);
        Job succeeded = moved(moved(cancelRequested(running("job-succeeded", created), started)
                .reportProgress(new Progress(12L, 12L, null)))
                .succeed(ended, "Extracted 12 files", result));
        Job failed = moved(running("job-failed", created).fail(ended, "Permission denied: /sdcard/x"));
        Job cancelledAtOnce = switch (pending("job-cancelled", created).requestCancel(ended)) {
            case CancelOutcome.CancelledAtOnce cancelled -> cancelled.job();
            case CancelOutcome.CancelRequested other -> throw new AssertionError(other);
            case CancelOutcome.AlreadyFinished other -> throw new AssertionError(other);
        };
        Job cancelObserved = moved(running("job-cancel-observed", created).cancelObserved(ended));
        Job wholeSeconds = pending("job-whole-seconds", Instant.ofEpochSecond(1733321234));
        Job millis = finishedAt("job-millis", Instant.ofEpochSecond(1733321234, 512_000_000),
                Instant.ofEpochSecond(1733321234, 999_000_000));
        // The original wrote Python floats: repr(time.time()) has up to seven fraction digits.
        Job pythonFloats = finishedAt("job-python-floats", Instant.ofEpochSecond(1733321234, 512_345_600),
                Instant.ofEpochSecond(1733321299, 100_000_100));
        Job nanos = finishedAt("job-nanos", Instant.ofEpochSecond(1733321234, 1),
                Instant.ofEpochSecond(1733321234, 999_999_999));
        Job beforeTheEpoch = pending("job-before-the-epoch", Instant.ofEpochSecond(-2, 500_000_000));
        return List.of(pending, running, partialProgress, emptyProgress, cancelRequested, succeeded, failed,
                cancelledAtOnce, cancelObserved, wholeSeconds, millis, pythonFloats, nanos, beforeTheEpoch);
    }

    public static Job pending(String id, Instant createdAt) {
        return Job.submitted(new JobId(id), "noop", Map.of(), createdAt);
    }

    public static Job running(String id, Instant createdAt) {
        return moved(pending(id, createdAt).start(createdAt.plus(Duration.ofMillis(18))));
    }

    protected static Job succeeded(String id, Instant createdAt) {
        return finishedAt(id, createdAt, createdAt.plusSeconds(1));
    }

    /** A job that succeeded at {@code finishedAt}. */
    protected static Job finishedAt(String id, Instant createdAt, Instant finishedAt) {
        return moved(running(id, createdAt).succeed(finishedAt, "done", null));
    }

    /** {@code running} with a cancel request recorded. */
    protected static Job cancelRequested(Job running, Instant now) {
        return switch (running.requestCancel(now)) {
            case CancelOutcome.CancelRequested requested -> requested.job();
            case CancelOutcome.CancelledAtOnce other -> throw new AssertionError(other);
            case CancelOutcome.AlreadyFinished other -> throw new AssertionError(other);
        };
    }

    /** The job after a move the test expects to be allowed. */
    public static Job moved(Transition transition) {
        return switch (transition) {
            case Transition.Moved moved -> moved.job();
            case Transition.Refused refused -> throw new AssertionError("move refused: " + refused.reason());
        };
    }
}
