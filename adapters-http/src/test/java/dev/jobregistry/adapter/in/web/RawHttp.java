package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests a regular client does not send as
 * needed: an oversized body written in full before the answer is read (the server answers 413
 * and closes without reading it, which makes a streaming client fail with "broken pipe").
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /** POSTs {@code body} as JSON, with Content-Length or chunked, and reads the answer. */
    static Answer postJson(int port, String path, byte[] body, boolean chunked) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
                + "\r\n";
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        if (chunked) {
            for (int offset = 0; offset < body.length; offset += 1000) {
                int length = Math.min(1000, body.length - offset);
                request.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(body, offset, length);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            request.writeBytes(body);
        }
        return exchange(port, request.toByteArray());
    }

    private static Answer exchange(int port, byte[] request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request); // small enough for the socket buffers: written before the server answers
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketException reset) {
                break; // the server closed without reading our body; what it sent before is complete
            }
            if (n < 0) {
                break;
            }
            received.write(buffer, 0, n);
            Answer answer = parse(received.toByteArray());
            if (answer != null) {
                return answer;
            }
        }
        Answer answer = parse(received.toByteArray());
        if (answer == null) {
            throw new IOException("incomplete answer: " + received.toString(StandardCharsets.UTF_8));
        }
        return answer;
    }

    /** The answer, once its head and Content-Length bytes of body have arrived; else null. */
    private static Answer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        if (bytes.length < end + 4 + length) {
            return null;
        }
        return new Answer(status, headers, new String(bytes, end + 4, length, StandardCharsets.UTF_8));
    }

    /** A status, the headers (names lower-case) and the body. */
    record Answer(int status, Map<String, String> headers, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String code() {
            return json().get("code").asText();
        }

        String error() {
            return json().get("error").asText();
        }

        boolean ok() {
            return json().get("ok").asBoolean();
        }
    }
}
