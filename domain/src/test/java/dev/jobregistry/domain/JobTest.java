package dev.jobregistry.domain;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobTest {

    private static final Instant T0 = Instant.parse("2024-12-04T12:00:00.512Z");
    private static final Instant T1 = T0.plusMillis(18);
    private static final Instant T2 = T0.plusSeconds(3);

    static Job pending() {
        return Job.submitted(new JobId("job-3f9c2a7b41d0e8c5"), "noop", Map.of("duration", 2.5), T0);
    }

    static Job running() {
        return moved(pending().start(T1));
    }

    /** A job in each state, reached only through legal moves. */
    static Job in(JobStatus status) {
        return switch (status) {
            case PENDING -> pending();
            case RUNNING -> running();
            case SUCCEEDED -> moved(running().succeed(T2, "done", null));
            case FAILED -> moved(running().fail(T2, "boom"));
            case CANCELLED -> ((CancelOutcome.CancelledAtOnce) pending().requestCancel(T2)).job();
        };
    }

    static Job moved(Transition transition) {
        assertThat(transition).isInstanceOf(Transition.Moved.class);
        return ((Transition.Moved) transition).job();
    }

    static void refused(Transition transition, Job unchanged) {
        assertThat(transition).isInstanceOf(Transition.Refused.class);
        Transition.Refused refused = (Transition.Refused) transition;
        assertThat(refused.job()).isSameAs(unchanged);
        assertThat(refused.reason()).contains(unchanged.id().value()).contains(unchanged.status().wireName());
    }

    @Test
    void a_submitted_job_is_pending_with_nothing_reported() {
        Job job = pending();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(job.startedAt()).isNull();
        assertThat(job.finishedAt()).isNull();
        assertThat(job.progress()).isNull();
        assertThat(job.result()).isNull();
        assertThat(job.error()).isNull();
        assertThat(job.message()).isNull();
        assertThat(job.cancelRequested()).isFalse();
        assertThat(job.params()).containsEntry("duration", 2.5);
    }

    @Test
    void a_blank_type_is_refused() {
        assertThatThrownBy(() -> Job.submitted(new JobId("job-1"), " ", Map.of(), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void params_cannot_change_behind_the_jobs_back() {
        Map<String, Object> params = new java.util.HashMap<>();
        List<Object> sources = new ArrayList<>(List.of("a"));
        params.put("sources", sources);
        Job job = Job.submitted(new JobId("job-1"), "noop", params, T0);
        params.put("extra", 1);
        sources.add("b");
        assertThat(job.params()).containsOnlyKeys("sources");
        assertThat(job.params().get("sources")).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> job.params().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Nested
    class Legal_moves {

        @Test
        void start_moves_pending_to_running_and_stamps_started_at() {
            Job job = running();
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(job.startedAt()).isEqualTo(T1);
            assertThat(job.finishedAt()).isNull();
        }

        @Test
        void succeed_moves_running_to_succeeded_with_message_and_result() {
            Job job = moved(running().succeed(T2, "Copied 3 files", Map.of("copied", 3)));
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.message()).isEqualTo("Copied 3 files");
            assertThat(job.result()).containsEntry("copied", 3);
            assertThat(job.finishedAt()).isEqualTo(T2);
        }

        @Test
        void succeed_without_a_message_keeps_the_current_one() {
            Job working = moved(running().reportMessage("Working"));
            assertThat(moved(working.succeed(T2, null, null)).message()).isEqualTo("Working");
        }

        @Test
        void fail_moves_running_to_failed_with_the_error() {
            Job job = moved(running().fail(T2, "disk full"));
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).isEqualTo("disk full");
            assertThat(job.finishedAt()).isEqualTo(T2);
        }

        @Test
        void fail_without_a_message_says_job_failed() {
            assertThat(moved(running().fail(T2, null)).error()).isEqualTo("Job failed");
            assertThat(moved(running().fail(T2, "  ")).error()).isEqualTo("Job failed");
        }

        @Test
        void cancel_observed_moves_running_to_cancelled() {
            Job requested = ((CancelOutcome.CancelRequested) running().requestCancel(T1)).job();
            Job job = moved(requested.cancelObserved(T2));
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(job.cancelRequested()).isTrue();
            assertThat(job.message()).isEqualTo("Job cancelled");
            assertThat(job.finishedAt()).isEqualTo(T2);
        }

        @Test
        void a_handler_that_returns_after_a_cancel_request_ends_succeeded() {
            Job requested = ((CancelOutcome.CancelRequested) running().requestCancel(T1)).job();
            Job job = moved(requested.succeed(T2, "done anyway", null));
            assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.cancelRequested()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"PENDING", "RUNNING"})
        void restart_interrupts_an_unfinished_job(JobStatus status) {
            Job job = moved(in(status).interruptByRestart(T2));
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).isEqualTo("Job interrupted by restart");
            assertThat(job.finishedAt()).isEqualTo(T2);
        }

        @Test
        void progress_merges_each_part_that_is_set() {
            Job job = moved(running().reportProgress(new Progress(5L, 12L, "a.txt")));
            job = moved(job.reportProgress(new Progress(6L, null, null)));
            assertThat(job.progress()).isEqualTo(new Progress(6L, 12L, "a.txt"));
            job = moved(job.reportProgress(new Progress(null, null, "b.txt")));
            assertThat(job.progress()).isEqualTo(new Progress(6L, 12L, "b.txt"));
        }

        @Test
        void a_running_job_reports_a_message() {
            assertThat(moved(running().reportMessage("Extracting")).message()).isEqualTo("Extracting");
        }
    }

    @Nested
    class Cancellation {

        @Test
        void cancel_of_pending_job_cancels_it_at_once() {
            CancelOutcome outcome = pending().requestCancel(T2);
            assertThat(outcome).isInstanceOf(CancelOutcome.CancelledAtOnce.class);
            Job job = ((CancelOutcome.CancelledAtOnce) outcome).job();
            assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(job.cancelRequested()).isTrue();
            assertThat(job.finishedAt()).isEqualTo(T2);
            assertThat(job.startedAt()).isNull();
            assertThat(job.message()).isEqualTo("Job cancelled");
        }

        @Test
        void cancel_of_running_job_only_requests_it() {
            CancelOutcome outcome = running().requestCancel(T2);
            assertThat(outcome).isInstanceOf(CancelOutcome.CancelRequested.class);
            Job job = ((CancelOutcome.CancelRequested) outcome).job();
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(job.cancelRequested()).isTrue();
            assertThat(job.finishedAt()).isNull();
        }

        @Test
        void asking_twice_to_cancel_a_running_job_changes_nothing_more() {
            Job once = ((CancelOutcome.CancelRequested) running().requestCancel(T1)).job();
            CancelOutcome twice = once.requestCancel(T2);
            assertThat(((CancelOutcome.CancelRequested) twice).job()).isSameAs(once);
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"})
        void cancel_of_a_finished_job_changes_nothing(JobStatus status) {
            Job finished = in(status);
            CancelOutcome outcome = finished.requestCancel(T2);
            assertThat(outcome).isEqualTo(new CancelOutcome.AlreadyFinished(finished));
        }
    }

    @Nested
    class Illegal_moves {

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"})
        void only_a_pending_job_starts(JobStatus status) {
            Job job = in(status);
            refused(job.start(T2), job);
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"PENDING", "SUCCEEDED", "FAILED", "CANCELLED"})
        void only_a_running_job_succeeds(JobStatus status) {
            Job job = in(status);
            refused(job.succeed(T2, "x", null), job);
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"PENDING", "SUCCEEDED", "FAILED", "CANCELLED"})
        void only_a_running_job_fails(JobStatus status) {
            Job job = in(status);
            refused(job.fail(T2, "x"), job);
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"PENDING", "SUCCEEDED", "FAILED", "CANCELLED"})
        void only_a_running_job_observes_cancellation(JobStatus status) {
            Job job = in(status);
            refused(job.cancelObserved(T2), job);
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"})
        void restart_never_touches_a_finished_job(JobStatus status) {
            Job job = in(status);
            refused(job.interruptByRestart(T2), job);
        }

        @ParameterizedTest
        @EnumSource(value = JobStatus.class, names = {"PENDING", "SUCCEEDED", "FAILED", "CANCELLED"})
        void only_a_running_job_reports_progress_or_messages(JobStatus status) {
            Job job = in(status);
            refused(job.reportProgress(new Progress(1L, 2L, null)), job);
            refused(job.reportMessage("late"), job);
        }
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void only_a_finished_job_may_be_deleted(JobStatus status) {
        assertThat(in(status).isDeletable()).isEqualTo(status.isTerminal());
    }

    @Test
    void exactly_three_states_are_terminal() {
        assertThat(List.of(JobStatus.values())).filteredOn(JobStatus::isTerminal)
                .containsExactly(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);
    }

    @Test
    void statuses_use_the_wire_names_of_the_original() {
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.fromWireName(status.wireName())).contains(status);
        }
        assertThat(JobStatus.RUNNING.wireName()).isEqualTo("running");
        assertThat(JobStatus.fromWireName("RUNNING")).isEmpty();
        assertThat(JobStatus.fromWireName(null)).isEmpty();
    }

    @Test
    void an_id_starts_with_job() {
        assertThat(new JobId("job-3f9c2a7b").value()).isEqualTo("job-3f9c2a7b");
        assertThatThrownBy(() -> new JobId("3f9c2a7b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobId("job-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobId("job-a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobId("job-a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobId("job-" + "a".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThat(JobId.isValid("job-stop-runner.1_x")).isTrue();
    }
}
