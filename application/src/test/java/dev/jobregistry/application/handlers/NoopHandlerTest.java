package dev.jobregistry.application.handlers;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.domain.JobId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoopHandlerTest {

    private final NoopHandler noop = new NoopHandler();

    /** Records what the handler does; its pause takes no time and can cancel after a number of pauses. */
    private static final class FakeContext implements JobContext {
        final List<String> calls = new ArrayList<>();
        final List<Duration> pauses = new ArrayList<>();
        int cancelAfterPauses = Integer.MAX_VALUE;
        String finishMessage;

        @Override
        public JobId jobId() {
            return new JobId("job-test");
        }

        @Override
        public boolean isCancelRequested() {
            return pauses.size() >= cancelAfterPauses;
        }

        @Override
        public void checkCancelled() throws JobCancelledException {
            if (isCancelRequested()) {
                throw new JobCancelledException();
            }
        }

        @Override
        public void setMessage(String message) {
            calls.add("message " + message);
        }

        @Override
        public void setProgress(Long completed, Long total, String detail) {
            calls.add("progress " + completed + "/" + total);
        }

        @Override
        public void finish(String message, Map<String, ?> result) {
            finishMessage = message;
        }

        @Override
        public void attachProcess(Process process) {
        }

        @Override
        public void detachProcess() {
        }

        @Override
        public void pause(Duration duration) throws JobCancelledException {
            pauses.add(duration);
            checkCancelled();
        }
    }

    @Test
    void ticks_every_fifth_of_a_second_until_the_duration_has_passed() throws Exception {
        FakeContext context = new FakeContext();
        noop.run(context, JobParams.of(Map.of("duration", 0.5, "message", "Testing")));
        assertThat(context.pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100));
        assertThat(context.calls).containsExactly(
                "message Testing", "progress 1/3", "message Testing", "progress 2/3", "message Testing", "progress 3/3");
        assertThat(context.finishMessage).isEqualTo("Testing");
    }

    @Test
    void the_seed_example_makes_thirteen_ticks_and_pauses_two_and_a_half_seconds_in_all() throws Exception {
        FakeContext context = new FakeContext();
        noop.run(context, JobParams.of(Map.of("duration", 2.5, "message", "Testing")));
        assertThat(context.pauses).hasSize(13);
        assertThat(context.pauses.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void a_zero_duration_makes_one_tick_and_no_pause() throws Exception {
        FakeContext context = new FakeContext();
        noop.run(context, JobParams.of(Map.of()));
        assertThat(context.pauses).isEmpty();
        assertThat(context.calls).containsExactly("message Working", "progress 1/1");
        assertThat(context.finishMessage).isEqualTo("Completed");
    }

    @Test
    void a_cancel_request_stops_it_within_one_tick() {
        FakeContext context = new FakeContext();
        context.cancelAfterPauses = 2;
        assertThatThrownBy(() -> noop.run(context, JobParams.of(Map.of("duration", 10))))
                .isInstanceOf(JobCancelledException.class);
        assertThat(context.pauses).hasSize(2);
        assertThat(context.finishMessage).isNull();
    }

    @Test
    void a_numeric_string_duration_is_accepted_as_the_original_accepted_it() throws Exception {
        noop.validate(JobParams.of(Map.of("duration", "0.4")));
        FakeContext context = new FakeContext();
        noop.run(context, JobParams.of(Map.of("duration", "0.4")));
        assertThat(context.pauses).hasSize(2);
    }

    @Test
    void bad_params_are_refused_with_a_reason() {
        assertThatThrownBy(() -> noop.validate(JobParams.of(Map.of("duration", "soon"))))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessage("params.duration must be a number, got \"soon\"");
        assertThatThrownBy(() -> noop.validate(JobParams.of(Map.of("duration", -1))))
                .hasMessageContaining("params.duration must be between 0 and 86400 seconds");
        assertThatThrownBy(() -> noop.validate(JobParams.of(Map.of("duration", 1e9))))
                .hasMessageContaining("between 0 and 86400");
        assertThatThrownBy(() -> noop.validate(JobParams.of(Map.of("message", List.of()))))
                .hasMessage("params.message must be a string, got []");
    }
}
