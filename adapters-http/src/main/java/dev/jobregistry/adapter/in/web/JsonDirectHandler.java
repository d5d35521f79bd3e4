package dev.jobregistry.adapter.in.web;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * The envelope for the responses Helidon makes before routing, or outside it: a request it cannot
 * parse (400), a body over the server's {@code maxPayloadSize} (413), whether announced by
 * {@code Content-Length} or found while reading a chunked body. Messages are fixed sentences, so
 * nothing of the request is echoed back.
 */
final class JsonDirectHandler implements DirectHandler {

    private final long maxBodyBytes;

    JsonDirectHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Direct handlers that answer every event type with the envelope. */
    static DirectHandlers all(long maxBodyBytes) {
        JsonDirectHandler handler = new JsonDirectHandler(maxBodyBytes);
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        String text = defaultStatus.code() == Status.REQUEST_ENTITY_TOO_LARGE_413_CODE
                ? ErrorMapping.payloadTooLargeMessage(maxBodyBytes)
                : ErrorMapping.messageFor(defaultStatus);
        return TransportResponse.builder()
                .status(defaultStatus)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .entity(Envelope.error(ErrorMapping.codeFor(defaultStatus), text))
                .build();
    }
}
