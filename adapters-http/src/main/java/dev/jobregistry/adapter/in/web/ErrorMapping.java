package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.InvalidJobRequestException;
import dev.jobregistry.application.port.in.JobConflictException;
import dev.jobregistry.application.port.in.JobNotFoundException;
import dev.jobregistry.application.port.in.JobRegistryException;
import dev.jobregistry.application.port.in.PathForbiddenException;
import dev.jobregistry.application.port.in.PathNotFoundException;
import dev.jobregistry.application.port.in.UnusablePathException;
import dev.jobregistry.application.port.out.StoreUnavailableException;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger.Level;

/**
 * The one place where exceptions become HTTP responses. Every response it makes is the error
 * envelope; none carries a stack trace or an exception's class name.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Exception</th><th>Status</th><th>code</th></tr>
 *   <tr><td>{@link RequestRejectedException} (this adapter)</td><td>its status</td><td>its code</td></tr>
 *   <tr><td>{@link JobNotFoundException}</td><td>404</td><td>its code ({@code job_not_found})</td></tr>
 *   <tr><td>{@link JobConflictException}</td><td>409</td><td>its code ({@code job_finished}, {@code job_not_finished})</td></tr>
 *   <tr><td>{@link InvalidJobRequestException}</td><td>400</td><td>its code ({@code unknown_type}, ...)</td></tr>
 *   <tr><td>{@link PathForbiddenException}</td><td>403</td><td>its code ({@code outside_roots}, {@code permission_denied})</td></tr>
 *   <tr><td>{@link PathNotFoundException}</td><td>404</td><td>{@code path_not_found}</td></tr>
 *   <tr><td>{@link UnusablePathException}</td><td>400</td><td>its code ({@code bad_path}, {@code not_a_folder}, ...)</td></tr>
 *   <tr><td>{@link StoreUnavailableException}</td><td>503</td><td>{@code store_unavailable}</td></tr>
 *   <tr><td>Helidon's {@link HttpException}</td><td>its status</td><td>by status ({@code not_found}, ...)</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>{@code internal_error}, stack trace logged only</td></tr>
 * </table>
 */
final class ErrorMapping {

    static final String INTERNAL_ERROR_MESSAGE = "Internal error; see the server log";

    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    /** Registers the handlers on {@code routing}. */
    static void register(HttpRouting.Builder routing) {
        routing.error(RequestRejectedException.class, ErrorMapping::rejected)
                .error(JobRegistryException.class, ErrorMapping::refused)
                .error(StoreUnavailableException.class, ErrorMapping::storeUnavailable)
                .error(HttpException.class, ErrorMapping::httpException)
                .error(Throwable.class, ErrorMapping::unexpected);
    }

    /** The 413 for a body over {@code limit} bytes; the connection is closed rather than the rest read. */
    static RequestRejectedException payloadTooLarge(long limit) {
        return new RequestRejectedException(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload_too_large",
                payloadTooLargeMessage(limit), HeaderValues.CONNECTION_CLOSE);
    }

    static String payloadTooLargeMessage(long limit) {
        return "Request body is larger than the limit of " + limit + " bytes";
    }

    private static void rejected(ServerRequest req, ServerResponse res, RequestRejectedException e) {
        e.headers().forEach(res::header);
        Envelope.sendError(res, e.status(), e.code(), e.getMessage());
    }

    private static void refused(ServerRequest req, ServerResponse res, JobRegistryException e) {
        Status status = switch (e) {
            case JobNotFoundException notFound -> Status.NOT_FOUND_404;
            case JobConflictException conflict -> Status.CONFLICT_409;
            case InvalidJobRequestException invalid -> Status.BAD_REQUEST_400;
            case PathForbiddenException forbidden -> Status.FORBIDDEN_403;
            case PathNotFoundException notFound -> Status.NOT_FOUND_404;
            case UnusablePathException unusable -> Status.BAD_REQUEST_400;
        };
        Envelope.sendError(res, status, e.code(), e.getMessage());
    }

    private static void storeUnavailable(ServerRequest req, ServerResponse res, StoreUnavailableException e) {
        LOG.log(Level.WARNING, "Store unavailable during " + describe(req) + ": " + e.getMessage());
        String message = e.getMessage() == null || e.getMessage().isBlank()
                ? "The job store is unavailable; try again later" : e.getMessage();
        Envelope.sendError(res, Status.SERVICE_UNAVAILABLE_503, "store_unavailable", message);
    }

    private static void httpException(ServerRequest req, ServerResponse res, HttpException e) {
        Status status = e.status();
        if (e instanceof NotFoundException) {
            Envelope.sendError(res, status, "not_found", "No such endpoint: " + describe(req));
            return;
        }
        if (status.code() >= 500) {
            unexpected(req, res, e);
            return;
        }
        if (!e.keepAlive()) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        Envelope.sendError(res, status, codeFor(status), messageFor(status));
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.log(Level.ERROR, "Internal error during " + describe(req), e);
        Envelope.sendError(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error", INTERNAL_ERROR_MESSAGE);
    }

    /** A stable code for a status Helidon itself answered with. */
    static String codeFor(Status status) {
        return switch (status.code()) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> "http_" + status.code();
        };
    }

    /** A fixed sentence for a status Helidon itself answered with (its own messages may echo the request). */
    static String messageFor(Status status) {
        return switch (status.code()) {
            case 400 -> "Bad request: the HTTP request could not be understood";
            case 413 -> "Request body is too large";
            case 500 -> INTERNAL_ERROR_MESSAGE;
            default -> status.reasonPhrase();
        };
    }

    private static String describe(ServerRequest req) {
        String path = req.prologue().uriPath().path();
        return req.prologue().method().text() + " " + (path.length() > 200 ? path.substring(0, 197) + "..." : path);
    }
}
