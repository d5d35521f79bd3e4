package dev.jobregistry.adapter.in.web;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.Progress;
import dev.jobregistry.domain.Transition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JobEventHubTest {

    private static final Instant T0 = Instant.parse("2024-12-04T12:00:00Z");

    private static Job job(String id) {
        return Job.submitted(new JobId(id), "noop", Map.of(), T0);
    }

    private static Job moved(Transition transition) {
        return ((Transition.Moved) transition).job();
    }

    @Test
    void a_job_that_changes_again_before_the_client_reads_is_sent_once_in_its_latest_state() throws Exception {
        JobEventHub hub = new JobEventHub(Duration.ofMinutes(1), 10);
        try (JobEventHub.Subscription subscription = hub.subscribe(Optional.empty())) {
            Job pending = job("job-a");
            Job running = moved(pending.start(T0));
            Job progressed = moved(running.reportProgress(new Progress(3L, 10L, null)));
            hub.jobChanged(pending);
            hub.jobChanged(job("job-b"));
            hub.jobChanged(running);
            hub.jobChanged(progressed);

            JobEventHub.Batch batch = subscription.next();

            assertThat(batch.changed()).containsExactly(progressed, job("job-b"));
            assertThat(batch.removed()).isEmpty();
        }
    }

    @Test
    void a_removal_replaces_the_changes_waiting_for_that_job() throws Exception {
        JobEventHub hub = new JobEventHub(Duration.ofMinutes(1), 10);
        try (JobEventHub.Subscription subscription = hub.subscribe(Optional.empty())) {
            hub.jobChanged(job("job-a"));
            hub.jobRemoved(new JobId("job-a"));
            JobEventHub.Batch batch = subscription.next();
            assertThat(batch.changed()).isEmpty();
            assertThat(batch.removed()).containsExactly(new JobId("job-a"));
        }
    }

    @Test
    void a_client_that_stops_reading_is_dropped_and_keeps_no_buffer() throws Exception {
        JobEventHub hub = new JobEventHub(Duration.ofMinutes(1), 3);
        try (JobEventHub.Subscription slow = hub.subscribe(Optional.empty());
             JobEventHub.Subscription reading = hub.subscribe(Optional.empty())) {
            for (int i = 0; i < 4; i++) {
                hub.jobChanged(job("job-" + i));
                if (i < 3) {
                    assertThat(reading.next().changed()).hasSize(1);
                }
            }
            assertThat(slow.wasDropped()).isTrue();
            assertThat(slow.isOver()).isTrue();
            assertThat(slow.next().isEmpty()).isTrue();
            assertThat(reading.isOver()).isFalse();
            assertThat(reading.next().changed()).containsExactly(job("job-3"));
        }
    }

    @Test
    void a_subscription_for_one_job_ignores_the_others() throws Exception {
        JobEventHub hub = new JobEventHub(Duration.ofMinutes(1), 10);
        try (JobEventHub.Subscription subscription = hub.subscribe(Optional.of(new JobId("job-a")))) {
            hub.jobChanged(job("job-b"));
            hub.jobChanged(job("job-a"));
            assertThat(subscription.next().changed()).containsExactly(job("job-a"));
        }
    }

    @Test
    void closing_the_hub_ends_every_stream_and_closing_a_subscription_unregisters_it() throws Exception {
        JobEventHub hub = new JobEventHub(Duration.ofMinutes(1), 10);
        JobEventHub.Subscription subscription = hub.subscribe(Optional.empty());
        assertThat(hub.streams()).isEqualTo(1);
        hub.close();
        assertThat(subscription.next().isEmpty()).isTrue();
        assertThat(subscription.isOver()).isTrue();
        assertThat(subscription.wasDropped()).isFalse();
        subscription.close();
        assertThat(hub.streams()).isZero();
        assertThat(hub.subscribe(Optional.empty()).isOver()).isTrue();
    }
}
