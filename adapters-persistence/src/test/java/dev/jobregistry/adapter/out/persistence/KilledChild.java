package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.domain.JobId;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Runs a {@link SyncingChild} on a store, lets it sync jobs, and kills it with SIGKILL. */
final class KilledChild {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    private KilledChild() {
    }

    /**
     * Starts a child syncing jobs into the store {@code kind} at {@code file}; once it has reported
     * {@code syncs} synced jobs, calls {@code whileAlive} with it, then kills it.
     *
     * @return the ids the child reported synced before it died
     */
    static List<JobId> syncThenKill(String kind, Path file, int syncs, Consumer<Process> whileAlive) throws Exception {
        Path stderr = file.resolveSibling("child-stderr.txt");
        Process child = new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"),
                SyncingChild.class.getName(), kind, file.toString())
                .redirectError(stderr.toFile())
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> readLines(child, lines));
        try {
            await().atMost(GENEROUS).until(() -> lines.size() >= syncs || !child.isAlive());
            assertThat(child.isAlive()).as("child still syncing; its stderr: %s", readQuietly(stderr)).isTrue();
            whileAlive.accept(child);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
            reader.join(GENEROUS.toMillis());
        }
        List<JobId> synced = syncedIds(lines);
        assertThat(synced).hasSizeGreaterThanOrEqualTo(syncs);
        return synced;
    }

    private static void readLines(Process child, List<String> lines) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("reading the child's output failed: " + e);
        }
    }

    /** The ids of complete {@code synced} lines; a line the kill cut short does not match. */
    private static List<JobId> syncedIds(List<String> lines) {
        Pattern synced = Pattern.compile(Pattern.quote(SyncingChild.SYNCED) + "(job-crash-\\d{6})");
        List<JobId> ids = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = synced.matcher(line);
            if (matcher.matches()) {
                ids.add(new JobId(matcher.group(1)));
            }
        }
        return ids;
    }

    static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
