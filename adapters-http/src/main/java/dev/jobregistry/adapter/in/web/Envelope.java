package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The web shell's response envelope, written with one shared Jackson factory straight into a byte
 * array: {@code {"ok": true, "data": ...}} or {@code {"ok": false, "error": "...", "code": "..."}},
 * always {@code application/json}.
 */
final class Envelope {

    /** The one Jackson mapper of the adapter: parses request bodies; its factory writes every response. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final SerializedString OK = new SerializedString("ok");
    private static final SerializedString DATA = new SerializedString("data");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString CODE = new SerializedString("code");

    private Envelope() {
    }

    /** Writes the JSON value of a response's {@code data}. */
    @FunctionalInterface
    interface Data {
        /** Writes exactly one JSON value. */
        void writeTo(JsonGenerator json) throws IOException;
    }

    /** {@code data: null}. */
    static final Data NULL = JsonGenerator::writeNull;

    /** Sends {@code {"ok": true, "data": ...}} with {@code status}. */
    static void sendOk(ServerResponse res, Status status, Data data) {
        byte[] body = ok(data);
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        res.send(body);
    }

    /** Sends {@code {"ok": false, "error": message, "code": code}} with {@code status}. */
    static void sendError(ServerResponse res, Status status, String code, String message) {
        byte[] body = error(code, message);
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        res.send(body);
    }

    /** The bytes of {@code {"ok": true, "data": ...}}. */
    static byte[] ok(Data data) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName(OK);
            json.writeBoolean(true);
            json.writeFieldName(DATA);
            data.writeTo(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a JSON response", e);
        }
        return out.toByteArray();
    }

    /** The bytes of {@code {"ok": false, "error": message, "code": code}}. */
    static byte[] error(String code, String message) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeFieldName(OK);
            json.writeBoolean(false);
            json.writeFieldName(ERROR);
            json.writeString(message);
            json.writeFieldName(CODE);
            json.writeString(code);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a JSON response", e);
        }
        return out.toByteArray();
    }

    /** A list of strings. */
    static Data strings(Iterable<String> values) {
        return json -> {
            json.writeStartArray();
            for (String value : values) {
                json.writeString(value);
            }
            json.writeEndArray();
        };
    }

    /**
     * Writes a JSON value held as plain Java values (maps, lists, strings, numbers, booleans,
     * null), as job params and results are. A number that JSON cannot hold (NaN, infinity) is
     * written as null.
     */
    static void writeValue(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String s -> json.writeString(s);
            case Boolean b -> json.writeBoolean(b);
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            case Double d -> {
                if (Double.isFinite(d)) {
                    json.writeNumber(d);
                } else {
                    json.writeNull();
                }
            }
            case Float f -> {
                if (Float.isFinite(f)) {
                    json.writeNumber(f);
                } else {
                    json.writeNull();
                }
            }
            case BigInteger b -> json.writeNumber(b);
            case BigDecimal b -> json.writeNumber(b);
            case Number n -> json.writeNumber(n.longValue());
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeFieldName(String.valueOf(entry.getKey()));
                    writeValue(json, entry.getValue());
                }
                json.writeEndObject();
            }
            case List<?> list -> {
                json.writeStartArray();
                for (Object item : list) {
                    writeValue(json, item);
                }
                json.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }
}
