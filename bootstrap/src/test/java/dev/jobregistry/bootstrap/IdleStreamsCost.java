package dev.jobregistry.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures what idle event streams cost the service: starts the service jar as its own process,
 * measures it, opens N {@code GET /api/jobs/events} streams from virtual threads of this process
 * (each reads its snapshot, then waits for more, as an {@code EventSource} does), measures again,
 * and prints the difference: resident memory, Java heap in use after a full GC, OS threads, the
 * service's virtual threads, and the CPU time the service spent while the streams sat idle for
 * a keep-alive round.
 *
 * <p>Not a test (surefire does not pick it up): run it after a build, from the repository root:
 *
 * <pre>{@code
 * mvn -B -q install -DskipTests && mvn -B -q test-compile -pl bootstrap
 * java -cp "bootstrap/target/test-classes:bootstrap/target/job-registry.jar:bootstrap/target/libs/*" \
 *      dev.jobregistry.bootstrap.IdleStreamsCost 1000
 * }</pre>
 */
public final class IdleStreamsCost {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    /** Longer than the hub's 20 s keep-alive, so every stream writes one keep-alive comment meanwhile. */
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(25);

    private IdleStreamsCost() {
    }

    /** What the service uses at one moment. */
    private record Usage(long rssKiB, long heapUsedKiB, long osThreads, long virtualThreads, long cpuTicks) {
    }

    /**
     * @param args the number of streams (default 1000)
     */
    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        Path work = Files.createTempDirectory("idle-streams");
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = Path.of("bootstrap", "target", "job-registry.jar").toAbsolutePath().toString();
        Process service = new ProcessBuilder(java, "-jar", jar, "serve", "--port", "0",
                "--store-path", work.resolve("jobs.json").toString(), "--roots", work.toString())
                .redirectErrorStream(true).start();
        try {
            int port = awaitPort(service);
            long pid = service.pid();
            // warm up: load the classes a stream uses, so the "before" figure is not missing them
            try (IdleClients warmUp = IdleClients.open(port, 5)) {
                warmUp.awaitSnapshots();
            }
            Usage before = usage(pid);
            try (IdleClients clients = IdleClients.open(port, streams)) {
                clients.awaitSnapshots();
                Usage open = usage(pid);
                TimeUnit.MILLISECONDS.sleep(IDLE_WINDOW.toMillis());
                Usage idle = usage(pid);
                report(streams, clients.opened(), before, open, idle);
            }
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void report(int wanted, int opened, Usage before, Usage open, Usage idle) {
        long ticksPerSecond = 100; // USER_HZ on Linux
        System.out.printf(Locale.ROOT, "%d idle event streams (%d asked for), service process on %s %s%n", opened, wanted,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-32s %12s %12s %12s%n", "", "before", "with streams", "per stream");
        row("resident memory (RSS, KiB)", before.rssKiB(), open.rssKiB(), opened);
        row("Java heap used after GC (KiB)", before.heapUsedKiB(), open.heapUsedKiB(), opened);
        row("OS threads", before.osThreads(), open.osThreads(), opened);
        row("virtual threads", before.virtualThreads(), open.virtualThreads(), opened);
        System.out.printf(Locale.ROOT, "CPU time of the service over %d s idle with the streams open: %.2f s%n",
                IDLE_WINDOW.toSeconds(), (idle.cpuTicks() - open.cpuTicks()) / (double) ticksPerSecond);
    }

    private static void row(String name, long before, long after, int streams) {
        System.out.printf(Locale.ROOT, "%-32s %12d %12d %12.2f%n", name, before, after,
                (after - before) / (double) Math.max(1, streams));
    }

    private static int awaitPort(Process service) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread.ofVirtual().start(() -> {
                    try {
                        output.lines().forEach(l -> { });
                    } catch (java.io.UncheckedIOException ended) {
                        // the service was stopped
                    }
                });
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalStateException("the service ended before it listened");
    }

    private static Usage usage(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long heap = 0;
        for (String line : jcmd(pid, "GC.heap_info")) {
            Matcher matcher = HEAP_USED.matcher(line);
            if (matcher.find()) {
                heap = Long.parseLong(matcher.group(1));
                break;
            }
        }
        Path dump = Files.createTempFile("threads", ".json");
        Files.delete(dump);
        jcmd(pid, "Thread.dump_to_file", "-format=json", dump.toString());
        String threads = Files.readString(dump);
        Files.delete(dump);
        long virtualThreads = Pattern.compile("\"virtual\": true").matcher(threads).results().count();
        long rss = 0;
        long osThreads = 0;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                osThreads = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        long cpuTicks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime + stime
        return new Usage(rss, heap, osThreads, virtualThreads, cpuTicks);
    }

    private static List<String> jcmd(long pid, String... command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> args = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        List<String> lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                .lines().toList();
        process.waitFor(60, TimeUnit.SECONDS);
        return lines;
    }

    /** N clients, each a virtual thread holding one stream open and reading what arrives. */
    private static final class IdleClients implements AutoCloseable {
        private final List<Socket> sockets;
        private final CountDownLatch snapshots;
        private final AtomicInteger opened = new AtomicInteger();
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        private IdleClients(int n) {
            sockets = new ArrayList<>(n);
            snapshots = new CountDownLatch(n);
        }

        static IdleClients open(int port, int n) throws IOException {
            IdleClients clients = new IdleClients(n);
            byte[] request = ("GET /api/jobs/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < n; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                clients.sockets.add(socket);
                Thread.ofVirtual().start(() -> clients.follow(socket, request));
            }
            return clients;
        }

        private void follow(Socket socket, byte[] request) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                boolean counted = false;
                StringBuilder seen = new StringBuilder();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (!counted) {
                        seen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                        if (seen.indexOf("\"partial\":false") >= 0) {
                            counted = true;
                            opened.incrementAndGet();
                            snapshots.countDown();
                        }
                    }
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    failures.add(e);
                }
            } finally {
                snapshots.countDown();
            }
        }

        void awaitSnapshots() throws InterruptedException {
            if (!snapshots.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + opened.get() + " streams sent their snapshot within 120 s");
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("streams failed: " + failures.peek(), failures.peek());
            }
        }

        int opened() {
            return opened.get();
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
