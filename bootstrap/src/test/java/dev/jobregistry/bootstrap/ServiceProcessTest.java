package dev.jobregistry.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as a user runs it: a separate JVM started through {@link Main}, driven over HTTP,
 * killed with SIGKILL and stopped with SIGTERM.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ServiceProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    /** A running service process and the port it listens on. */
    private record Service(Process process, int port) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private Service start(String... flags) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0"));
        command.addAll(List.of(flags));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("JOB_REGISTRY_"));
        Process process = builder.start();
        processes.add(process);
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = output.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread.ofVirtual().start(() -> output.lines().forEach(l -> { }));
                return new Service(process, Integer.parseInt(matcher.group(1)));
            }
        }
        throw new AssertionError("the service ended before it listened:\n" + seen);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode submit(Service service, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(service.uri("/api/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(response.body()).get("data");
        assertThat(response.headers().firstValue("Location")).contains("/api/jobs/" + job.get("id").asText());
        return job;
    }

    private JsonNode job(Service service, String id) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(service.uri("/api/jobs/" + id)).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data");
    }

    private String status(Service service, String id) throws Exception {
        return job(service, id).get("status").asText();
    }

    @Test
    void the_seed_example_runs_reports_progress_and_succeeds() throws Exception {
        Service service = start();
        JsonNode job = submit(service, "{\"type\":\"noop\",\"params\":{\"duration\":2.5,\"message\":\"Testing\"}}");
        assertThat(job.get("status").asText()).isIn("pending", "running");
        String id = job.get("id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> job(service, id).get("progress").isObject());
        JsonNode running = job(service, id);
        assertThat(running.get("progress").get("total").asLong()).isEqualTo(13);
        assertThat(running.get("message").asText()).isEqualTo("Testing");

        await().atMost(Duration.ofSeconds(30)).until(() -> status(service, id).equals("succeeded"));
        JsonNode done = job(service, id);
        assertThat(done.get("progress").get("completed").asLong()).isEqualTo(13);
        assertThat(done.get("finished_at").asDouble()).isGreaterThan(done.get("started_at").asDouble());
    }

    @Test
    void a_running_job_cancels_and_a_finished_one_deletes() throws Exception {
        Service service = start();
        String id = submit(service, "{\"type\":\"noop\",\"params\":{\"duration\":60}}").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(service, id).equals("running"));

        HttpResponse<String> cancel = send(HttpRequest.newBuilder(service.uri("/api/jobs/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(cancel.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(service, id).equals("cancelled"));

        HttpResponse<String> delete = send(HttpRequest.newBuilder(service.uri("/api/jobs/" + id)).DELETE());
        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(delete.body()).get("data").isNull()).isTrue();
        HttpResponse<String> gone = send(HttpRequest.newBuilder(service.uri("/api/jobs/" + id)).GET());
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("ok").asBoolean()).isFalse();
    }

    @Test
    void a_job_running_when_the_service_is_killed_shows_as_interrupted_after_a_restart() throws Exception {
        Service first = start();
        String id = submit(first, "{\"type\":\"noop\",\"params\":{\"duration\":60}}").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(first, id).equals("running"));

        first.process().destroyForcibly();
        assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();

        Service second = start();
        JsonNode job = job(second, id);
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).isEqualTo("Job interrupted by restart");
    }

    @Test
    void sigterm_cancels_running_jobs_flushes_the_store_and_exits_zero() throws Exception {
        Service service = start();
        String id = submit(service, "{\"type\":\"noop\",\"params\":{\"duration\":60}}").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(service, id).equals("running"));

        service.process().destroy(); // SIGTERM
        assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(service.process().exitValue()).isZero();
        JsonNode file = JSON.readTree(home.resolve(".cache/termux_extensions/jobs.json").toFile());
        assertThat(file.get(id).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void a_jobs_file_the_original_wrote_loads_and_its_unfinished_jobs_are_interrupted() throws Exception {
        Path file = home.resolve(".cache/termux_extensions/jobs.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                {
                  "job-1a2b3c4d": {
                    "id": "job-1a2b3c4d",
                    "type": "noop",
                    "status": "running",
                    "message": "Testing",
                    "result": null,
                    "error": null,
                    "progress": {"completed": 3, "total": 12},
                    "created_at": 1733321234.512,
                    "started_at": 1733321234.53,
                    "finished_at": null,
                    "params": {"duration": 2.5, "message": "Testing"}
                  },
                  "job-5e6f7a8b": {
                    "id": "job-5e6f7a8b",
                    "type": "noop",
                    "status": "pending",
                    "message": null,
                    "result": null,
                    "error": null,
                    "progress": null,
                    "created_at": 1733321235.25,
                    "started_at": null,
                    "finished_at": null,
                    "params": {}
                  },
                  "job-9c0d1e2f": {
                    "id": "job-9c0d1e2f",
                    "type": "noop",
                    "status": "succeeded",
                    "message": "Completed",
                    "result": {"files": 2},
                    "error": null,
                    "progress": {"completed": 1, "total": 1},
                    "created_at": 1733321200.1,
                    "started_at": 1733321200.2,
                    "finished_at": 1733321200.4,
                    "params": {}
                  }
                }
                """);
        Service service = start();
        for (String id : List.of("job-1a2b3c4d", "job-5e6f7a8b")) {
            JsonNode job = job(service, id);
            assertThat(job.get("status").asText()).isEqualTo("failed");
            assertThat(job.get("error").asText()).isEqualTo("Job interrupted by restart");
        }
        JsonNode done = job(service, "job-9c0d1e2f");
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.get("result").get("files").asInt()).isEqualTo(2);
        assertThat(done.get("created_at").decimalValue()).isEqualByComparingTo("1733321200.1");
        assertThat(job(service, "job-1a2b3c4d").get("progress").get("completed").asInt()).isEqualTo(3);
    }

    @Test
    void cross_site_and_rebinding_requests_are_refused_and_same_origin_passes() throws Exception {
        Service service = start();
        String body = "{\"type\":\"noop\",\"params\":{}}";
        HttpResponse<String> evilOrigin = send(HttpRequest.newBuilder(service.uri("/api/jobs"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(evilOrigin.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(evilOrigin.body()).get("error").asText()).contains("evil.example");

        HttpResponse<String> plainText = send(HttpRequest.newBuilder(service.uri("/api/jobs"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(plainText.statusCode()).isEqualTo(415);

        HttpResponse<String> sameOrigin = send(HttpRequest.newBuilder(service.uri("/api/jobs"))
                .header("Content-Type", "application/json").header("Origin", "http://127.0.0.1:" + service.port())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(sameOrigin.statusCode()).isEqualTo(202);

        String rebinding = rawRequest(service.port(), "GET /api/jobs HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(rebinding).startsWith("HTTP/1.1 4").contains("\"ok\":false").doesNotContain("\"data\"");
        String localhost = rawRequest(service.port(),
                "GET /api/jobs HTTP/1.1\r\nHost: localhost:" + service.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(localhost).startsWith("HTTP/1.1 200");
    }

    @Test
    void a_second_registry_on_the_same_file_refuses_to_start_and_names_the_holder() throws Exception {
        Service first = start();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0").redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        Process second = builder.start();
        processes.add(second);
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(output).contains("pid " + first.process().pid());
    }

    /** Sends one raw HTTP/1.1 request (the JDK client will not send a foreign Host) and reads one response. */
    private static String rawRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            StringBuilder head = new StringBuilder();
            int contentLength = 0;
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                head.append(line).append("\r\n");
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = new byte[contentLength];
            in.readFully(body);
            return head + "\r\n" + new String(body, StandardCharsets.UTF_8);
        }
    }

    private static String readLine(java.io.DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
