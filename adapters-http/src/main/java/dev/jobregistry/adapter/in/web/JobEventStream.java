package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.JobNotFoundException;
import dev.jobregistry.application.port.in.JobQuery;
import dev.jobregistry.application.port.in.JobsUseCase;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/jobs/events[?job_id=ID]}: a Server-Sent Events stream of job changes.
 *
 * <p>First one event whose data is {@code {"jobs": [every job, newest first, or the one job],
 * "partial": false}}; then, as jobs change, {@code {"jobs": [changed jobs], "partial": true}},
 * with {@code "removed": [ids]} added when jobs were deleted or pruned; a comment line
 * ({@code : keep-alive}) whenever the stream was silent for the keep-alive interval. An unknown
 * {@code job_id} is a 404 envelope before the stream starts. A client that reconnects gets a
 * fresh snapshot (the stream keeps no history, so there is no {@code Last-Event-ID} to resume).
 */
final class JobEventStream {

    private static final SseEvent KEEP_ALIVE = SseEvent.builder().comment("keep-alive").build();

    private final JobsUseCase jobs;
    private final JobEventHub hub;

    JobEventStream(JobsUseCase jobs, JobEventHub hub) {
        this.jobs = jobs;
        this.hub = hub;
    }

    void stream(ServerRequest req, ServerResponse res) {
        Optional<JobId> only = req.query().first("job_id").asOptional().map(JobEventStream::jobId);
        // Subscribe before the snapshot, so no change falls between the two; a change the snapshot
        // already shows may be sent again, never one it misses.
        try (JobEventHub.Subscription subscription = hub.subscribe(only)) {
            List<Job> snapshot = only.isPresent() ? List.of(jobs.get(only.get())) : jobs.list(JobQuery.ALL);
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header("X-Accel-Buffering", "no");
            try (SseSink sink = res.sink(SseSink.TYPE)) {
                sink.emit(event(snapshot, List.of(), false));
                while (true) {
                    JobEventHub.Batch batch = subscription.next();
                    if (!batch.isEmpty()) {
                        sink.emit(event(batch.changed(), batch.removed(), true));
                    } else if (subscription.isOver()) {
                        return;
                    } else {
                        sink.emit(KEEP_ALIVE);
                    }
                }
            } catch (UncheckedIOException e) {
                // the client went away: nothing to answer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SseEvent event(List<Job> changed, List<JobId> removed, boolean partial) {
        String data = Envelope.text(json -> {
            json.writeStartObject();
            json.writeFieldName("jobs");
            JobDto.list(changed).writeTo(json);
            json.writeBooleanField("partial", partial);
            if (!removed.isEmpty()) {
                json.writeArrayFieldStart("removed");
                for (JobId id : removed) {
                    json.writeString(id.value());
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        });
        return SseEvent.create(data);
    }

    private static JobId jobId(String raw) {
        if (!JobId.isValid(raw)) {
            throw new JobNotFoundException(raw.length() > 80 ? raw.substring(0, 77) + "..." : raw);
        }
        return new JobId(raw);
    }
}
