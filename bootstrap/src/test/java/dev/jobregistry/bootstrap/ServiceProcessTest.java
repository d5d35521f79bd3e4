package dev.jobregistry.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jobregistry.bootstrap.RegistryConfig.StoreKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service as a user runs it: a separate JVM started through {@link Main}, driven over HTTP,
 * killed with SIGKILL and stopped with SIGTERM. What depends on the store runs once per store
 * ({@code --store json}, the default, and {@code --store sqlite}).
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
        return start(StoreKind.JSON, flags);
    }

    /** Starts a service on the store {@code kind} at its default file under the test's home. */
    private Service start(StoreKind kind, String... flags) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--port", "0"));
        if (kind == StoreKind.SQLITE) {
            command.addAll(List.of("--store", "sqlite"));
        }
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

    /** The store's file under the test's home, where the service keeps it by default. */
    private Path storeFile(StoreKind kind) {
        return home.resolve(".cache/termux_extensions").resolve(kind.defaultFileName());
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void the_seed_example_runs_reports_progress_and_succeeds(StoreKind kind) throws Exception {
        Service service = start(kind);
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

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void a_running_job_cancels_and_a_finished_one_deletes(StoreKind kind) throws Exception {
        Service service = start(kind);
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

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void a_job_running_when_the_service_is_killed_shows_as_interrupted_after_a_restart(StoreKind kind)
            throws Exception {
        Service first = start(kind);
        String id = submit(first, "{\"type\":\"noop\",\"params\":{\"duration\":60}}").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(first, id).equals("running"));

        first.process().destroyForcibly();
        assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();

        Service second = start(kind);
        JsonNode job = job(second, id);
        assertThat(job.get("status").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).isEqualTo("Job interrupted by restart");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void sigterm_cancels_running_jobs_flushes_the_store_and_exits_zero(StoreKind kind) throws Exception {
        Service service = start(kind);
        String id = submit(service, "{\"type\":\"noop\",\"params\":{\"duration\":60}}").get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(service, id).equals("running"));

        service.process().destroy(); // SIGTERM
        assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(service.process().exitValue()).isZero();
        String stored = switch (kind) {
            case JSON -> JSON.readTree(storeFile(kind).toFile()).get(id).get("status").asText();
            case SQLITE -> sqlite(storeFile(kind), "SELECT status FROM jobs WHERE id = '" + id + "'").getFirst();
        };
        assertThat(stored).isEqualTo("cancelled");
    }

    @Test
    void the_sqlite_store_runs_in_wal_mode_and_writes_no_jobs_json() throws Exception {
        Service service = start(StoreKind.SQLITE);
        String id = submit(service, "{\"type\":\"noop\",\"params\":{\"message\":\"stored in SQLite\"}}")
                .get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> status(service, id).equals("succeeded"));

        Path database = storeFile(StoreKind.SQLITE);
        assertThat(sqlite(database, "PRAGMA journal_mode")).containsExactly("wal");
        assertThat(sqlite(database, "SELECT id FROM jobs")).containsExactly(id);
        assertThat(storeFile(StoreKind.JSON)).doesNotExist();
        try (var files = Files.list(database.getParent())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .allMatch(name -> name.startsWith("jobs.db"), "only jobs.db and its -wal, -shm and .lock files");
        }
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

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void a_second_registry_on_the_same_file_refuses_to_start_and_names_the_holder(StoreKind kind) throws Exception {
        Service first = start(kind);
        Process second = runMain("--port", "0", "--store", kind.name().toLowerCase(Locale.ROOT));
        String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(output).contains("pid " + first.process().pid(), storeFile(kind).toString());
    }

    @Test
    void a_jobs_file_of_150_finished_jobs_migrates_to_sqlite_and_the_service_lists_them_intact() throws Exception {
        Path jobsJson = storeFile(StoreKind.JSON);
        Files.createDirectories(jobsJson.getParent());
        StringBuilder file = new StringBuilder("{\n");
        for (int i = 0; i < 150; i++) {
            file.append(i == 0 ? "" : ",\n").append("""
                      "job-m%03d": {"id": "job-m%03d", "type": "noop", "params": {"duration": %d.5, "message": "job %d"},
                        "status": "%s", "message": "Done %d", "progress": {"completed": %d, "total": 150},
                        "result": %s, "error": %s, "cancel_requested": false,
                        "created_at": 1733321%03d.%06d, "started_at": 1733321%03d.25, "finished_at": 1733321%03d.5%05d}"""
                    .formatted(i, i, i, i, i % 3 == 0 ? "failed" : "succeeded", i, i,
                            i % 3 == 0 ? "null" : "{\"files\": " + i + ", \"names\": [\"a\", \"\u00fc\"]}",
                            i % 3 == 0 ? "\"boom " + i + "\"" : "null", i, 100_001 + i, i, i, i));
        }
        file.append("\n}\n");
        Files.writeString(jobsJson, file);
        JsonNode original = JSON.readTree(jobsJson.toFile());

        Process migrate = runMain("migrate", "--from", "json", "--to", "sqlite");
        String said = new String(migrate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(migrate.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(migrate.exitValue()).as(said).isZero();
        assertThat(said).contains("Copied 150 job(s) from json:" + jobsJson + " to sqlite:" + storeFile(StoreKind.SQLITE));

        Service service = start(StoreKind.SQLITE);
        HttpResponse<String> response = send(HttpRequest.newBuilder(service.uri("/api/jobs")).GET());
        JsonNode listed = JSON.readTree(response.body()).get("data");
        assertThat(listed).hasSize(150);
        assertThat(listed.get(0).get("id").asText()).as("newest first").isEqualTo("job-m149");
        for (JsonNode job : listed) {
            JsonNode before = original.get(job.get("id").asText());
            for (String field : List.of("id", "type", "params", "status", "message", "progress", "result", "error",
                    "cancel_requested")) {
                assertThat(job.get(field)).as(job.get("id") + " " + field).isEqualTo(before.get(field));
            }
            for (String time : List.of("created_at", "started_at", "finished_at")) {
                assertThat(job.get(time).decimalValue()).as(job.get("id") + " " + time)
                        .isEqualByComparingTo(before.get(time).decimalValue());
            }
        }
        assertThat(sqlite(storeFile(StoreKind.SQLITE), "SELECT finished_at_ns FROM jobs WHERE id = 'job-m007'"))
                .as("the store keeps every digit the file had").containsExactly("1733321007500007000");
        assertThat(jobsJson).as("the source is left as it was").hasContent(file.toString());
    }

    /** Runs {@link Main} in a new JVM with the test's home and {@code args}; its output includes errors. */
    private Process runMain(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HOME", home.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("JOB_REGISTRY_"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The first column of every row {@code query} returns from the database, as a user's sqlite3 would see it. */
    private static List<String> sqlite(Path database, String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
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
