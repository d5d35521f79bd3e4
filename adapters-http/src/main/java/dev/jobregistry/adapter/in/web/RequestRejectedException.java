package dev.jobregistry.adapter.in.web;

import io.helidon.http.Header;
import io.helidon.http.Status;

import java.util.List;

/**
 * The HTTP adapter refuses a request before (or instead of) calling the use case: a bad query, a
 * malformed body, a forbidden origin, a missing token. {@link ErrorMapping} turns it into the error
 * envelope with {@link #status()}, {@link #code()} and the message, plus {@link #headers()}.
 */
final class RequestRejectedException extends RuntimeException {

    private final Status status;
    private final String code;
    private final List<Header> headers;

    RequestRejectedException(Status status, String code, String message, Header... headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = List.of(headers);
    }

    Status status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Extra response headers, such as {@code Allow} for a 405 or {@code WWW-Authenticate} for a 401. */
    List<Header> headers() {
        return headers;
    }
}
