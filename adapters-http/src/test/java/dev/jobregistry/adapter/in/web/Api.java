package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A thin test client: sends a request, reads the whole answer, parses the envelope. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Http1Client client;

    Api(Http1Client client) {
        this.client = client;
    }

    Reply get(String path, Header... headers) {
        return send(request(Method.GET, path, headers), null);
    }

    Reply delete(String path, Header... headers) {
        return send(request(Method.DELETE, path, headers), null);
    }

    /** POST with a JSON body. */
    Reply post(String path, String json, Header... headers) {
        Http1ClientRequest request = request(Method.POST, path, headers).contentType(MediaTypes.APPLICATION_JSON);
        return send(request, json.getBytes(StandardCharsets.UTF_8));
    }

    /** POST without body and without Content-Type, as the shipped JS client cancels. */
    Reply postEmpty(String path, Header... headers) {
        return send(request(Method.POST, path, headers), null);
    }

    /** Any method, no body. */
    Reply call(Method method, String path, Header... headers) {
        return send(request(method, path, headers), null);
    }

    /** A body sent chunked (no Content-Length), with {@code contentType} if not null. */
    Reply postChunked(String path, String contentType, byte[] body, Header... headers) {
        Http1ClientRequest request = request(Method.POST, path, headers);
        if (contentType != null) {
            request.header(HeaderNames.CONTENT_TYPE, contentType);
        }
        HttpClientResponse response = request.outputStream(out -> {
            out.write(body);
            out.close();
        });
        return read(response);
    }

    /** A body with Content-Length and the given Content-Type. */
    Reply postTyped(String path, String contentType, byte[] body, Header... headers) {
        Http1ClientRequest request = request(Method.POST, path, headers).header(HeaderNames.CONTENT_TYPE, contentType);
        return send(request, body);
    }

    private Http1ClientRequest request(Method method, String path, Header... headers) {
        int question = path.indexOf('?');
        Http1ClientRequest request = client.method(method).uri(question < 0 ? path : path.substring(0, question));
        if (question >= 0) {
            Map<String, List<String>> query = new LinkedHashMap<>();
            for (String pair : path.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                query.computeIfAbsent(equals < 0 ? pair : pair.substring(0, equals), name -> new ArrayList<>())
                        .add(equals < 0 ? "" : pair.substring(equals + 1));
            }
            query.forEach((name, values) -> request.queryParam(name, values.toArray(String[]::new)));
        }
        for (Header header : headers) {
            request.header(header);
        }
        return request;
    }

    private static Reply send(Http1ClientRequest request, byte[] body) {
        HttpClientResponse response = body == null ? request.request() : request.submit(body);
        return read(response);
    }

    private static Reply read(HttpClientResponse response) {
        try (response) {
            String text = response.entity().hasEntity() ? response.as(String.class) : "";
            Optional<String> contentType = response.headers().first(HeaderNames.CONTENT_TYPE);
            boolean isJson = contentType.isPresent() && contentType.get().startsWith("application/json");
            JsonNode json = text.isEmpty() || !isJson ? null : parse(text);
            return new Reply(response.status().code(), contentType,
                    response.headers().first(HeaderNames.LOCATION), response.headers(), text, json);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** One answer. */
    record Reply(int status, Optional<String> contentType, Optional<String> location,
                 io.helidon.http.ClientResponseHeaders headers, String body, JsonNode json) {

        JsonNode data() {
            assertEnvelope(true);
            return json.get("data");
        }

        String code() {
            assertEnvelope(false);
            return json.get("code").asText();
        }

        String error() {
            assertEnvelope(false);
            return json.get("error").asText();
        }

        Optional<String> header(HeaderName name) {
            return headers.first(name);
        }

        /** The envelope every answer must have: application/json, {@code ok}, and data or error + code. */
        Reply assertEnvelope(boolean ok) {
            assertThat(contentType).as("Content-Type of %s", body).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(json).as("body").isNotNull();
            assertThat(json.get("ok").asBoolean()).as("ok in %s", body).isEqualTo(ok);
            if (ok) {
                assertThat(json.has("data")).as("data in %s", body).isTrue();
            } else {
                assertThat(json.get("error").isTextual()).as("error in %s", body).isTrue();
                assertThat(json.get("code").isTextual()).as("code in %s", body).isTrue();
                assertThat(json.size()).as("fields of %s", body).isEqualTo(3);
            }
            return this;
        }
    }
}
