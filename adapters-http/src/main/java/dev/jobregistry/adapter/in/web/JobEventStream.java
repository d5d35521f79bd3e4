package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.jobregistry.application.port.in.JobNotFoundException;
import dev.jobregistry.application.port.in.JobQuery;
import dev.jobregistry.application.port.in.JobsUseCase;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code GET /api/jobs/events[?job_id=ID]}: a Server-Sent Events stream of job changes.
 *
 * <p>First one event whose data is {@code {"jobs": [every job, newest first, or the one job],
 * "partial": false}}; then, as jobs change, {@code {"jobs": [changed jobs], "partial": true}},
 * with {@code "removed": [ids]} added when jobs were deleted or pruned; a comment line
 * ({@code :keep-alive}) whenever the stream was silent for the keep-alive interval. An unknown
 * {@code job_id} is a 404 envelope before the stream starts. A client that reconnects gets a
 * fresh snapshot (the stream keeps no history, so there is no {@code Last-Event-ID} to resume).
 *
 * <p>The snapshot of every job is the large event (tens of megabytes with a hundred thousand jobs
 * kept): it is serialized once and the same bytes are written to every stream that opens while no
 * job changed, and at most one such snapshot is built at a time. Each event is framed here and
 * written to the response in slices, so a stream holds no copy of it (a slow reader holds one
 * slice).
 */
final class JobEventStream {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ":keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    /** The most of an event handed to the server at once. */
    private static final int SLICE = 32 * 1024;

    /** The framed snapshot event of every job, and the hub version it holds every change up to. */
    private record Snapshot(long version, byte[] event) {
    }

    private final JobsUseCase jobs;
    private final JobEventHub hub;
    private final ReentrantLock building = new ReentrantLock();
    private volatile Snapshot allJobs;

    JobEventStream(JobsUseCase jobs, JobEventHub hub) {
        this.jobs = jobs;
        this.hub = hub;
    }

    void stream(ServerRequest req, ServerResponse res) {
        Optional<JobId> only = req.query().first("job_id").asOptional().map(JobEventStream::jobId);
        // Subscribe before the snapshot, so no change falls between the two; a change the snapshot
        // already shows may be sent again, never one it misses.
        try (JobEventHub.Subscription subscription = hub.subscribe(only)) {
            byte[] snapshot = only.isPresent() ? event(List.of(jobs.get(only.get())), List.of(), false) : allJobs();
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8"));
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header("X-Accel-Buffering", "no");
            try (OutputStream out = res.outputStream()) {
                write(out, snapshot);
                while (true) {
                    JobEventHub.Batch batch = subscription.next();
                    if (!batch.isEmpty()) {
                        write(out, event(batch.changed(), batch.removed(), true));
                    } else if (subscription.isOver()) {
                        return;
                    } else {
                        write(out, KEEP_ALIVE);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the client went away: nothing to answer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes an event in slices: the server copies what it is given into a chunk of its own, so a
     * client that reads slowly holds one slice, not a copy of a snapshot of every job.
     */
    private static void write(OutputStream out, byte[] event) throws IOException {
        for (int offset = 0; offset < event.length; offset += SLICE) {
            out.write(event, offset, Math.min(SLICE, event.length - offset));
        }
        out.flush();
    }

    /**
     * The snapshot event of every job: the one already built when no job changed since, else a new
     * one (built by one stream at a time, so streams opening together share it).
     */
    private byte[] allJobs() {
        long version = hub.version();
        Snapshot cached = allJobs;
        if (cached != null && cached.version() >= version) {
            return cached.event();
        }
        building.lock();
        try {
            cached = allJobs;
            if (cached != null && cached.version() >= version) {
                return cached.event(); // built while this stream waited, holding every change up to version
            }
            long now = hub.version(); // read before the list, so the list holds every change up to it
            byte[] event = event(jobs.list(JobQuery.ALL), List.of(), false);
            allJobs = new Snapshot(now, event);
            return event;
        } finally {
            building.unlock();
        }
    }

    /** One framed event: {@code data:<json>} and a blank line (the JSON holds no line break). */
    static byte[] event(List<Job> changed, List<JobId> removed, boolean partial) {
        ByteArrayBuilder out = new ByteArrayBuilder(partial ? 512 : 8192);
        out.write(DATA, 0, DATA.length);
        try (JsonGenerator json = Envelope.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
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
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a JSON event", e);
        }
        out.write(END, 0, END.length);
        return out.toByteArray();
    }

    private static JobId jobId(String raw) {
        if (!JobId.isValid(raw)) {
            throw new JobNotFoundException(raw.length() > 80 ? raw.substring(0, 77) + "..." : raw);
        }
        return new JobId(raw);
    }
}
