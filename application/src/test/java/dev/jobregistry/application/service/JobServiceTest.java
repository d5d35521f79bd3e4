package dev.jobregistry.application.service;

import dev.jobregistry.application.port.in.InvalidJobRequestException;
import dev.jobregistry.application.port.in.JobConflictException;
import dev.jobregistry.application.port.in.JobNotFoundException;
import dev.jobregistry.application.port.in.JobQuery;
import dev.jobregistry.application.port.in.SubmitJobCommand;
import dev.jobregistry.application.spi.HandlerEnvironment;
import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.testing.InMemoryJobStore;
import dev.jobregistry.application.testing.RecordingListener;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.CancelOutcome;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Progress;
import dev.jobregistry.domain.Transition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class JobServiceTest {

    private final SettableClock clock = SettableClock.atSomeMoment();
    private final InMemoryJobStore store = new InMemoryJobStore();
    private final RecordingListener listener = new RecordingListener();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private JobExecutor executor;
    private JobService service;

    /** Waits until released, ignoring cancellation: the kind of handler that finishes its work anyway. */
    private final JobHandler stubborn = (context, params) -> {
        started.add(params.string("name").orElse(""));
        release.await();
        context.finish("stubborn done", Map.of("done", true));
    };

    /** Waits for cancellation the way handlers should: pause() wakes on a cancel request. */
    private final JobHandler polite = (context, params) -> {
        started.add(params.string("name").orElse(""));
        context.setProgress(1L, 10L, "first");
        context.pause(Duration.ofDays(1));
    };

    private void start(int maxRunning, int retain) {
        HandlerRegistry handlers = new HandlerRegistry(new HandlerEnvironment(List.of(), clock))
                .register("stubborn", stubborn)
                .register("polite", polite)
                .register("quick", (context, params) -> {
                    context.setMessage("half way");
                    context.finish("All done", Map.of("count", 3));
                })
                .register("silent", (context, params) -> { })
                .register("broken", (context, params) -> {
                    throw new IllegalStateException("disk full while writing b.txt");
                })
                .register("mute-broken", (context, params) -> {
                    throw new IllegalStateException();
                })
                .register("picky", new JobHandler() {
                    @Override
                    public void validate(JobParams params) throws InvalidParamsException {
                        params.requiredString("path");
                    }

                    @Override
                    public void run(JobContext context, JobParams params) {
                    }
                });
        executor = new JobExecutor(store, handlers, listener, clock, new ExecutorSettings(maxRunning, retain, Duration.ZERO));
        service = new JobService(store, handlers, executor, listener, clock,
                () -> new JobId("job-" + ids.incrementAndGet()), retain);
        executor.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (executor != null) {
            executor.close();
        }
    }

    private Job submit(String type, Map<String, ?> params) {
        return service.submit(new SubmitJobCommand(type, params));
    }

    private Job awaitStatus(JobId id, JobStatus status) {
        await().until(() -> service.get(id).status() == status);
        return service.get(id);
    }

    @Test
    void submit_returns_the_pending_job_once_the_store_has_synced_it() {
        start(1, 200);
        Job blocker = submit("stubborn", Map.of());
        int syncsBefore = store.syncs();
        Job job = submit("quick", Map.of("x", 1));
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.id().value()).startsWith("job-");
        assertThat(job.createdAt()).isEqualTo(clock.instant());
        assertThat(job.params()).containsEntry("x", 1);
        assertThat(store.find(job.id())).contains(job);
        assertThat(store.syncs()).isGreaterThan(syncsBefore);
        assertThat(blocker.id()).isNotEqualTo(job.id());
    }

    @Test
    void a_job_the_store_could_not_make_durable_is_withdrawn_and_never_runs() {
        start(1, 200);
        store.failSyncs("No space left on device");
        assertThatThrownBy(() -> submit("stubborn", Map.of("name", "lost")))
                .isInstanceOf(dev.jobregistry.application.port.out.StoreUnavailableException.class)
                .hasMessage("No space left on device");
        store.failSyncs(null);
        Job after = submit("silent", Map.of());
        awaitStatus(after.id(), JobStatus.SUCCEEDED);
        assertThat(started).isEmpty();
        assertThat(store.list()).filteredOn(job -> !job.id().equals(after.id()))
                .singleElement().extracting(Job::status).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void a_handler_that_returns_ends_succeeded_with_its_finish_message_and_result() {
        start(4, 200);
        Job job = submit("quick", Map.of());
        Job done = awaitStatus(job.id(), JobStatus.SUCCEEDED);
        assertThat(done.message()).isEqualTo("All done");
        assertThat(done.result()).isEqualTo(Map.of("count", 3));
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isNotNull();
        assertThat(store.find(job.id())).contains(done);
        assertThat(listener.changesOf(job.id())).extracting(Job::status)
                .containsExactly(JobStatus.PENDING, JobStatus.RUNNING, JobStatus.SUCCEEDED);
    }

    @Test
    void a_handler_that_returns_without_finishing_ends_succeeded_with_no_result() {
        start(4, 200);
        Job done = awaitStatus(submit("silent", Map.of()).id(), JobStatus.SUCCEEDED);
        assertThat(done.result()).isNull();
    }

    @Test
    void a_handlers_exception_fails_the_job_with_its_message() {
        start(4, 200);
        Job failed = awaitStatus(submit("broken", Map.of()).id(), JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo("disk full while writing b.txt");
        Job mute = awaitStatus(submit("mute-broken", Map.of()).id(), JobStatus.FAILED);
        assertThat(mute.error()).isEqualTo("Job failed (IllegalStateException)");
    }

    @Test
    void an_unknown_type_is_refused_naming_the_known_ones() {
        start(1, 200);
        assertThatThrownBy(() -> submit("teleport", Map.of()))
                .isInstanceOfSatisfying(InvalidJobRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("unknown_type");
                    assertThat(e.getMessage()).contains("teleport").contains("quick");
                });
        assertThat(store.list()).isEmpty();
    }

    @Test
    void a_missing_type_is_refused() {
        assertThatThrownBy(() -> new SubmitJobCommand(" ", Map.of()))
                .isInstanceOfSatisfying(InvalidJobRequestException.class,
                        e -> assertThat(e.code()).isEqualTo("type_required"));
    }

    @Test
    void params_the_handler_rejects_are_refused_before_a_job_exists() {
        start(1, 200);
        assertThatThrownBy(() -> submit("picky", Map.of("path", 3)))
                .isInstanceOfSatisfying(InvalidJobRequestException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_params");
                    assertThat(e.getMessage()).isEqualTo("params.path must be a string, got 3");
                });
        assertThat(store.list()).isEmpty();
    }

    @Test
    void no_more_than_max_running_jobs_run_and_the_rest_wait_first_in_first_out() {
        start(1, 200);
        Job first = submit("stubborn", Map.of("name", "first"));
        await().until(() -> started.size() == 1);
        Job second = submit("stubborn", Map.of("name", "second"));
        Job third = submit("stubborn", Map.of("name", "third"));
        assertThat(service.get(second.id()).status()).isEqualTo(JobStatus.PENDING);
        assertThat(service.get(third.id()).status()).isEqualTo(JobStatus.PENDING);
        release.countDown();
        awaitStatus(third.id(), JobStatus.SUCCEEDED);
        assertThat(started).containsExactly("first", "second", "third");
        assertThat(service.get(first.id()).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void cancel_of_pending_job_cancels_it_at_once_and_it_never_runs() {
        start(1, 200);
        submit("stubborn", Map.of("name", "blocker"));
        await().until(() -> started.size() == 1);
        Job waiting = submit("stubborn", Map.of("name", "waiting"));
        int syncsBefore = store.syncs();

        CancelOutcome outcome = service.cancel(waiting.id());

        assertThat(outcome).isInstanceOf(CancelOutcome.CancelledAtOnce.class);
        Job cancelled = service.get(waiting.id());
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.startedAt()).isNull();
        assertThat(store.syncs()).isGreaterThan(syncsBefore);
        release.countDown();
        Job after = submit("silent", Map.of());
        awaitStatus(after.id(), JobStatus.SUCCEEDED);
        assertThat(started).containsExactly("blocker");
    }

    @Test
    void cancel_of_running_job_requests_it_durably_and_the_handler_stops() {
        start(1, 200);
        Job job = submit("polite", Map.of("name", "p"));
        awaitStatus(job.id(), JobStatus.RUNNING);
        int syncsBefore = store.syncs();

        CancelOutcome outcome = service.cancel(job.id());

        assertThat(outcome).isInstanceOf(CancelOutcome.CancelRequested.class);
        assertThat(((CancelOutcome.CancelRequested) outcome).job().cancelRequested()).isTrue();
        assertThat(store.syncs()).isGreaterThan(syncsBefore);
        Job cancelled = awaitStatus(job.id(), JobStatus.CANCELLED);
        assertThat(cancelled.cancelRequested()).isTrue();
        assertThat(cancelled.message()).isEqualTo("Job cancelled");
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void a_handler_that_returns_normally_after_a_cancel_request_ends_succeeded() {
        start(1, 200);
        Job job = submit("stubborn", Map.of());
        awaitStatus(job.id(), JobStatus.RUNNING);
        service.cancel(job.id());
        assertThat(store.find(job.id()).orElseThrow().cancelRequested()).isTrue();
        release.countDown();
        Job done = awaitStatus(job.id(), JobStatus.SUCCEEDED);
        assertThat(done.cancelRequested()).isTrue();
        assertThat(done.message()).isEqualTo("stubborn done");
    }

    @Test
    void cancel_kills_the_attached_subprocess() {
        FakeProcess process = new FakeProcess();
        HandlerRegistry handlers = new HandlerRegistry(new HandlerEnvironment(List.of(), clock))
                .register("external", (context, params) -> {
                    context.attachProcess(process);
                    context.pause(Duration.ofDays(1));
                });
        executor = new JobExecutor(store, handlers, listener, clock, new ExecutorSettings(1, 200, Duration.ZERO));
        service = new JobService(store, handlers, executor, listener, clock, new RandomJobIds(), 200);
        executor.start();
        Job job = service.submit(new SubmitJobCommand("external", Map.of()));
        awaitStatus(job.id(), JobStatus.RUNNING);
        await().until(() -> process.attached.get());

        service.cancel(job.id());

        assertThat(process.killed).isTrue();
        awaitStatus(job.id(), JobStatus.CANCELLED);
    }

    @Test
    void cancel_of_a_finished_job_changes_nothing() {
        start(1, 200);
        Job done = awaitStatus(submit("quick", Map.of()).id(), JobStatus.SUCCEEDED);
        assertThat(service.cancel(done.id())).isEqualTo(new CancelOutcome.AlreadyFinished(done));
        assertThat(service.get(done.id())).isEqualTo(done);
    }

    @Test
    void cancel_or_get_of_an_unknown_job_is_not_found() {
        start(1, 200);
        JobId unknown = new JobId("job-unknown");
        assertThatThrownBy(() -> service.cancel(unknown)).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> service.get(unknown)).isInstanceOfSatisfying(JobNotFoundException.class,
                e -> assertThat(e.code()).isEqualTo("job_not_found"));
        assertThatThrownBy(() -> service.delete(unknown)).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void progress_is_live_at_once_and_reaches_the_store_and_listeners_when_flushed() {
        start(1, 200);
        Job job = submit("polite", Map.of());
        await().until(() -> service.get(job.id()).progress() != null);

        assertThat(service.get(job.id()).progress()).isEqualTo(new Progress(1L, 10L, "first"));
        assertThat(store.find(job.id()).orElseThrow().progress()).isNull();
        assertThat(listener.changesOf(job.id())).noneMatch(j -> j.progress() != null);

        executor.flushProgress();

        assertThat(store.find(job.id()).orElseThrow().progress()).isEqualTo(new Progress(1L, 10L, "first"));
        assertThat(listener.changesOf(job.id())).filteredOn(j -> j.progress() != null).hasSize(1);
        executor.flushProgress();
        assertThat(listener.changesOf(job.id())).filteredOn(j -> j.progress() != null).hasSize(1);
        service.cancel(job.id());
    }

    @Test
    void list_shows_jobs_newest_first_with_live_state_and_filters() {
        start(1, 200);
        Job older = submit("polite", Map.of());
        clock.advance(Duration.ofSeconds(1));
        Job newer = submit("silent", Map.of());
        await().until(() -> service.get(older.id()).progress() != null);

        List<Job> all = service.list(JobQuery.ALL);
        assertThat(all).extracting(Job::id).containsExactly(newer.id(), older.id());
        assertThat(all.get(1).progress()).isNotNull();
        assertThat(service.list(new JobQuery(Set.of(JobStatus.RUNNING), null, 0))).extracting(Job::id)
                .containsExactly(older.id());
        assertThat(service.list(new JobQuery(Set.of(), "silent", 0))).extracting(Job::id).containsExactly(newer.id());
        assertThat(service.list(new JobQuery(Set.of(), null, 1))).extracting(Job::id).containsExactly(newer.id());
        service.cancel(older.id());
    }

    @Test
    void a_finished_job_deletes_durably_and_listeners_hear_of_it() {
        start(1, 200);
        Job done = awaitStatus(submit("quick", Map.of()).id(), JobStatus.SUCCEEDED);
        int syncsBefore = store.syncs();
        service.delete(done.id());
        assertThat(store.find(done.id())).isEmpty();
        assertThat(store.syncs()).isGreaterThan(syncsBefore);
        assertThat(listener.removed()).containsExactly(done.id());
        assertThatThrownBy(() -> service.get(done.id())).isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void an_unfinished_job_cannot_be_deleted() {
        start(1, 200);
        Job running = submit("stubborn", Map.of());
        awaitStatus(running.id(), JobStatus.RUNNING);
        Job pending = submit("stubborn", Map.of());
        for (Job job : List.of(running, pending)) {
            assertThatThrownBy(() -> service.delete(job.id()))
                    .isInstanceOfSatisfying(JobConflictException.class, e -> {
                        assertThat(e.code()).isEqualTo("job_not_finished");
                        assertThat(e.getMessage()).contains(job.id().value());
                    });
        }
        assertThat(store.list()).hasSize(2);
    }

    @Test
    void finished_jobs_beyond_the_retention_count_are_pruned_oldest_first() {
        start(1, 2);
        Job blocker = submit("stubborn", Map.of());
        await().until(() -> started.size() == 1);
        Job[] quick = new Job[4];
        for (int i = 0; i < 4; i++) {
            quick[i] = submit("silent", Map.of());
        }
        release.countDown();
        awaitStatus(quick[3].id(), JobStatus.SUCCEEDED);
        await().until(() -> store.list().size() == 2);
        assertThat(store.list()).extracting(Job::id).containsExactlyInAnyOrder(quick[2].id(), quick[3].id());
        assertThat(listener.removed()).contains(blocker.id(), quick[0].id(), quick[1].id());
    }

    @Test
    void unfinished_jobs_are_never_pruned() {
        start(1, 0);
        Job running = submit("stubborn", Map.of());
        awaitStatus(running.id(), JobStatus.RUNNING);
        Job pending = submit("stubborn", Map.of());
        assertThat(store.pruneFinished(0)).isEmpty();
        assertThat(store.list()).extracting(Job::id).containsExactlyInAnyOrder(running.id(), pending.id());
    }

    @Test
    void recovery_marks_pending_and_running_jobs_failed_and_leaves_finished_ones() {
        Instant then = clock.instant().minusSeconds(60);
        Job pending = Job.submitted(new JobId("job-p"), "quick", Map.of(), then);
        Job running = ((Transition.Moved) Job.submitted(new JobId("job-r"), "quick", Map.of(), then).start(then)).job();
        Job done = ((Transition.Moved) running.succeed(then, "ok", null)).job();
        store.insert(pending);
        store.insert(running);
        store.insert(((Transition.Moved) Job.submitted(new JobId("job-d"), "quick", Map.of(), then).start(then))
                .job().succeed(then, "ok", null) instanceof Transition.Moved m ? m.job() : null);
        start(1, 200);
        int syncsBefore = store.syncs();

        assertThat(service.recoverInterrupted()).isEqualTo(2);

        for (JobId id : List.of(pending.id(), running.id())) {
            Job failed = store.find(id).orElseThrow();
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error()).isEqualTo("Job interrupted by restart");
            assertThat(failed.finishedAt()).isEqualTo(clock.instant());
        }
        assertThat(store.find(new JobId("job-d")).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(store.syncs()).isGreaterThan(syncsBefore);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void shutdown_asks_running_jobs_to_cancel_and_waits_for_them() {
        start(2, 200);
        Job job = submit("polite", Map.of());
        awaitStatus(job.id(), JobStatus.RUNNING);
        Job waiting = submit("stubborn", Map.of());
        Job queued = submit("stubborn", Map.of());
        awaitStatus(waiting.id(), JobStatus.RUNNING);

        release.countDown();
        boolean ended = executor.shutdown(Duration.ofMinutes(1), service::cancel);

        assertThat(ended).isTrue();
        assertThat(store.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(store.find(waiting.id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(store.find(queued.id()).orElseThrow().status()).isIn(JobStatus.PENDING, JobStatus.SUCCEEDED);
    }

    @Test
    void ids_that_collide_are_drawn_again() {
        HandlerRegistry handlers = new HandlerRegistry(new HandlerEnvironment(List.of(), clock)).register("silent", (c, p) -> { });
        executor = new JobExecutor(store, handlers, listener, clock, new ExecutorSettings(1, 200, Duration.ZERO));
        AtomicInteger draws = new AtomicInteger();
        service = new JobService(store, handlers, executor, listener, clock,
                () -> new JobId(draws.incrementAndGet() <= 2 ? "job-same" : "job-other"), 200);
        Job first = service.submit(new SubmitJobCommand("silent", Map.of()));
        Job second = service.submit(new SubmitJobCommand("silent", Map.of()));
        assertThat(first.id().value()).isEqualTo("job-same");
        assertThat(second.id().value()).isEqualTo("job-other");
    }

    /** A process that only records whether it was killed. */
    private static final class FakeProcess extends Process {
        final AtomicBoolean attached = new AtomicBoolean(true);
        volatile boolean killed;

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            return 0;
        }

        @Override
        public int exitValue() {
            return 0;
        }

        @Override
        public void destroy() {
            killed = true;
        }

        @Override
        public Process destroyForcibly() {
            killed = true;
            return this;
        }
    }
}
