package dev.jobregistry.adapter.in.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keeps web pages the user happens to open from using the service, which listens where any page
 * can send requests. In front of every route, in this order:
 *
 * <ol>
 *   <li>{@code Host} must be one of the service's names ({@link ServiceNames}), against DNS
 *       rebinding: else 403 {@code forbidden_host}. 403 rather than 421, as Jupyter and Vite
 *       answer, because HTTP/2 clients retry a 421 on a new connection;</li>
 *   <li>{@code Origin}, when present, must be one of the service's own origins: else 403
 *       {@code forbidden_origin}. {@code Origin: null} (sandboxed frames, file pages) is refused;
 *       requests without {@code Origin} (curl, same-origin GETs) pass;</li>
 *   <li>under {@code /api/}, when a token is configured, {@code Authorization: Bearer <token>}
 *       must carry it (compared in constant time): else 401 {@code unauthorized}. A browser's
 *       {@code EventSource} cannot send headers, so {@code GET /api/jobs/events} (and only it) may
 *       carry the token as the query parameter {@value #TOKEN_PARAMETER} instead (RFC 6750, 2.3).
 *       Pages outside {@code /api/} need no token;</li>
 *   <li>a request with a body must declare {@code Content-Type: application/json} (a
 *       {@code charset} of UTF-8 is allowed): else 415 {@code unsupported_media_type}. That
 *       rules out the "simple" cross-site form and {@code text/plain} posts. A request without
 *       a body (as the JS client's cancel) needs no content type;</li>
 *   <li>a body announced larger than the limit: 413 {@code payload_too_large}, before reading it.</li>
 * </ol>
 * Refusals are thrown as {@link RequestRejectedException} for {@link ErrorMapping} to answer.
 */
final class BrowserSafetyFilter implements Filter {

    /** The query parameter that may carry the token on the event stream route. */
    static final String TOKEN_PARAMETER = "access_token";

    private static final String EVENTS_PATH = JobsHttpService.PATH + "/events";

    private final ServiceNames names;
    private final byte[] tokenDigest;
    private final long maxBodyBytes;

    BrowserSafetyFilter(HttpSettings settings) {
        this.names = new ServiceNames(settings);
        this.tokenDigest = settings.token().map(BrowserSafetyFilter::sha256).orElse(null);
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        ServerRequestHeaders headers = req.headers();
        InetSocketAddress local = localAddress(req.localPeer().address());
        checkHost(headers, local);
        checkOrigin(headers, local);
        String path = req.prologue().uriPath().path();
        if (tokenDigest != null && isApiPath(path)) {
            boolean stream = path.equals(EVENTS_PATH) && Method.GET.equals(req.prologue().method());
            checkToken(headers, stream ? req.query().first(TOKEN_PARAMETER).asOptional() : Optional.empty());
        }
        checkBody(headers);
        chain.proceed();
    }

    private void checkHost(ServerRequestHeaders headers, InetSocketAddress local) {
        Optional<String> host = headers.first(HeaderNames.HOST);
        if (host.isEmpty() || !names.isOwnHost(host.get(), local)) {
            String shown = host.map(BrowserSafetyFilter::shorten).orElse("(none)");
            throw new RequestRejectedException(Status.FORBIDDEN_403, "forbidden_host",
                    "Request refused: Host " + shown + " is not a name of this service (DNS rebinding protection);"
                            + " use http://localhost" + (local == null ? "" : ":" + local.getPort())
                            + " or add the name to the allowed host names");
        }
    }

    private void checkOrigin(ServerRequestHeaders headers, InetSocketAddress local) {
        if (!headers.contains(HeaderNames.ORIGIN)) {
            return;
        }
        List<String> origins = headers.values(HeaderNames.ORIGIN);
        for (String origin : origins) {
            if (!names.isOwnOrigin(origin.strip(), local)) {
                throw new RequestRejectedException(Status.FORBIDDEN_403, "forbidden_origin",
                        "Cross-site request refused: Origin " + shorten(origin.strip()) + " is not this service");
            }
        }
    }

    private void checkToken(ServerRequestHeaders headers, Optional<String> fromQuery) {
        Optional<String> authorization = headers.first(HeaderNames.AUTHORIZATION);
        boolean valid = false;
        if (authorization.isPresent() && authorization.get().length() > 7
                && authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
            valid = MessageDigest.isEqual(tokenDigest, sha256(authorization.get().substring(7).strip()));
        } else if (fromQuery.isPresent()) {
            valid = MessageDigest.isEqual(tokenDigest, sha256(fromQuery.get()));
        }
        if (!valid) {
            throw new RequestRejectedException(Status.UNAUTHORIZED_401, "unauthorized",
                    "Missing or wrong API token; send the header Authorization: Bearer <token>",
                    HeaderValues.create(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"job-registry\""));
        }
    }

    private void checkBody(ServerRequestHeaders headers) {
        boolean chunked = headers.contains(HeaderNames.TRANSFER_ENCODING);
        long length;
        try {
            OptionalLong declared = headers.contentLength();
            length = declared.isPresent() ? declared.getAsLong() : 0;
        } catch (IllegalArgumentException e) {
            throw new RequestRejectedException(Status.BAD_REQUEST_400, "bad_request", "Content-Length is not a number");
        }
        if (!chunked && length <= 0) {
            return;
        }
        Optional<String> contentType = headers.first(HeaderNames.CONTENT_TYPE);
        if (contentType.isEmpty() || !isJson(contentType.get())) {
            throw new RequestRejectedException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type",
                    "Request body must be JSON: send Content-Type: application/json (got "
                            + contentType.map(BrowserSafetyFilter::shorten).orElse("no Content-Type") + ")");
        }
        if (length > maxBodyBytes) {
            throw ErrorMapping.payloadTooLarge(maxBodyBytes);
        }
    }

    /** {@code application/json}, with at most a UTF-8 {@code charset} among its parameters. */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String charset = parameter.substring(equals + 1).strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the token guards {@code path} (the decoded, normalized path routing matches on). */
    static boolean isApiPath(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static InetSocketAddress localAddress(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String shorten(String value) {
        return value.length() > 100 ? value.substring(0, 97) + "..." : value;
    }
}
