package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.JobConflictException;
import dev.jobregistry.application.port.in.JobNotFoundException;
import dev.jobregistry.application.port.in.JobsUseCase;
import dev.jobregistry.domain.CancelOutcome;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * The jobs API, to be registered under {@value #PATH}: translates HTTP to {@link JobsUseCase}
 * calls and their results to the envelope, and does nothing else. Errors are thrown, and
 * {@link ErrorMapping} turns them into responses.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>Method</th><th>Path</th><th>Success</th></tr>
 *   <tr><td>POST</td><td>/api/jobs</td><td>202, the job, {@code Location}</td></tr>
 *   <tr><td>GET</td><td>/api/jobs?status=&amp;type=&amp;limit=</td><td>200, jobs, newest first</td></tr>
 *   <tr><td>GET</td><td>/api/jobs/types</td><td>200, the job types</td></tr>
 *   <tr><td>GET</td><td>/api/jobs/events?job_id=</td><td>an event stream: {@link JobEventStream}</td></tr>
 *   <tr><td>GET</td><td>/api/jobs/{id}</td><td>200, the job</td></tr>
 *   <tr><td>POST</td><td>/api/jobs/{id}/cancel</td><td>200 cancelled at once, 202 cancel requested</td></tr>
 *   <tr><td>DELETE</td><td>/api/jobs/{id}</td><td>200, {@code data: null}</td></tr>
 * </table>
 * Other methods on these paths get 405 with {@code Allow}.
 */
public final class JobsHttpService implements HttpService {

    /** The path this service is registered under. */
    public static final String PATH = "/api/jobs";

    private static final byte[] NO_BODY = new byte[0];

    private final JobsUseCase jobs;
    private final JobEventStream events;
    private final long maxBodyBytes;

    /**
     * A service over {@code jobs}.
     *
     * @param jobs         the use cases
     * @param events       the hub the event streams read from; it must also be the listener the
     *                     use cases report job changes to
     * @param maxBodyBytes the largest request body read; a larger one gets 413
     */
    public JobsHttpService(JobsUseCase jobs, JobEventHub events, long maxBodyBytes) {
        this.jobs = jobs;
        this.events = new JobEventStream(jobs, events);
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Registers the routes, relative to {@value #PATH}. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/types", this::types)
                .any("/types", methodNotAllowed("GET"))
                .get("/events", events::stream)
                .any("/events", methodNotAllowed("GET"))
                .get("/", this::list)
                .post("/", this::submit)
                .any("/", methodNotAllowed("GET, POST"))
                .post("/{id}/cancel", this::cancel)
                .any("/{id}/cancel", methodNotAllowed("POST"))
                .get("/{id}", this::get)
                .delete("/{id}", this::delete)
                .any("/{id}", methodNotAllowed("GET, DELETE"));
    }

    private void submit(ServerRequest req, ServerResponse res) {
        SubmitJobRequest request = SubmitJobRequest.parse(readBody(req));
        Job job = jobs.submit(request.toCommand());
        // a JobId is letters, digits, "-", "_" and "." only: safe in a path as it is
        res.header(HeaderNames.LOCATION, PATH + "/" + job.id().value());
        Envelope.sendOk(res, Status.ACCEPTED_202, JobDto.one(job));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Envelope.sendOk(res, Status.OK_200, JobDto.list(jobs.list(JobListQuery.parse(req.query()))));
    }

    private void types(ServerRequest req, ServerResponse res) {
        Envelope.sendOk(res, Status.OK_200, Envelope.strings(jobs.jobTypes()));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Envelope.sendOk(res, Status.OK_200, JobDto.one(jobs.get(jobId(req))));
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        switch (jobs.cancel(jobId(req))) {
            case CancelOutcome.CancelledAtOnce cancelled -> Envelope.sendOk(res, Status.OK_200,
                    JobDto.one(cancelled.job()));
            case CancelOutcome.CancelRequested requested -> Envelope.sendOk(res, Status.ACCEPTED_202,
                    JobDto.one(requested.job()));
            case CancelOutcome.AlreadyFinished finished -> throw new JobConflictException("job_finished",
                    "Job " + finished.job().id() + " has already finished (" + finished.job().status().wireName()
                            + "); there is nothing to cancel");
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        jobs.delete(jobId(req));
        Envelope.sendOk(res, Status.OK_200, Envelope.NULL);
    }

    /** The path's job id; one that cannot be a job id is a job that does not exist. */
    private static JobId jobId(ServerRequest req) {
        String raw = req.path().pathParameters().get("id");
        try {
            return new JobId(raw);
        } catch (IllegalArgumentException e) {
            throw new JobNotFoundException(raw.length() > 80 ? raw.substring(0, 77) + "..." : raw);
        }
    }

    /** Reads the whole body, refusing more than {@code maxBodyBytes} without reading on. */
    private byte[] readBody(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return NO_BODY;
        }
        byte[] body;
        try {
            // not closed on purpose: closing would drain the rest of an oversized body
            InputStream in = req.content().inputStream();
            body = in.readNBytes((int) maxBodyBytes + 1);
        } catch (IOException e) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "bad_request",
                    "Could not read the request body; send it again");
        }
        if (body.length > maxBodyBytes) {
            throw ErrorMapping.payloadTooLarge(maxBodyBytes);
        }
        return body;
    }

    /** A handler that answers 405 naming the {@code allowed} methods. */
    static Handler methodNotAllowed(String allowed) {
        return (req, res) -> {
            throw new RequestRejectedException(Status.METHOD_NOT_ALLOWED_405, "method_not_allowed",
                    "Method " + req.prologue().method().text() + " is not allowed here; use " + allowed,
                    HeaderValues.create(HeaderNames.ALLOW, allowed));
        };
    }
}
