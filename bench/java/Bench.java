// In-process and helper benchmarks for bench/run.sh, run with the source launcher against the
// built service jar:  java -cp "bootstrap/target/job-registry.jar:bootstrap/target/libs/*" bench/java/Bench.java MODE ...
//
//   bare PORT                      a bare Helidon server answering POST /api/jobs and GET /api/jobs/{id} with a
//                                  job-sized JSON (the ceilings of submit and read)
//   writes json|sqlite DIR         the store writes progress causes, in process (no HTTP): those of a job calling
//                                  set-progress 1,000,000 times against the same job without, and those of a job
//                                  calling it for -Dbench.progressSeconds (default 3) per second
//                                  (the in-process drain and progress times are JMH benchmarks: bench/jmh)
//   streams PORT N                 opens N idle GET /api/jobs/events connections and holds them until stdin closes
//
// Output lines are "key value" pairs that run.sh reads.
import dev.jobregistry.application.port.in.JobsUseCase;
import dev.jobregistry.application.port.in.SubmitJobCommand;
import dev.jobregistry.application.service.HandlerRegistry;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.bootstrap.Registry;
import dev.jobregistry.bootstrap.RegistryConfig;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobStatus;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public class Bench {

    static final String JOB_JSON = "{\"id\":\"3f2c1e0a9b8d4c7e\",\"type\":\"noop\",\"params\":{\"duration\":0},"
            + "\"status\":\"pending\",\"message\":null,\"progress\":{\"completed\":null,\"total\":null,\"detail\":null},"
            + "\"result\":null,\"error\":null,\"cancel_requested\":false,\"created_at\":1796000000.123456,"
            + "\"started_at\":null,\"finished_at\":null}";

    static volatile long sink;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "bare" -> bare(Integer.parseInt(args[1]));
            case "writes" -> writes(args[1], args[2]);
            case "streams" -> streams(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static void bare(int port) {
        WebServer server = WebServer.builder().port(port).host("127.0.0.1")
                .routing(r -> r
                        .post("/api/jobs", (req, res) -> {
                            req.content().as(String.class);
                            res.status(Status.CREATED_201).header(HeaderNames.CONTENT_TYPE, "application/json").send(JOB_JSON);
                        })
                        .get("/api/jobs/{id}", (req, res) -> {
                            req.path().pathParameters().get("id");
                            res.header(HeaderNames.CONTENT_TYPE, "application/json").send(JOB_JSON);
                        }))
                .build().start();
        System.out.println("listening " + server.port());
    }

    static void writes(String store, String dir) throws Exception {
        String file = dir + (store.equals("json") ? "/jobs.json" : "/jobs.db");
        // As bench/jmh's Progress starts its registry (the same --retain).
        RegistryConfig config = RegistryConfig.load(List.of("--port", "0", "--store", store, "--store-path", file,
                "--roots", dir, "--retain", "100000"), Map.of());
        var clock = Registry.systemClock();
        HandlerRegistry handlers = Registry.discoverHandlers(config, clock)
                .register("bench-progress", new Loop(true))
                .register("bench-plain", new Loop(false))
                .register("bench-progress-timed", new TimedProgress());
        Registry registry = Registry.start(config, clock, handlers);
        try {
            JobsUseCase use = registry.jobs();
            // The same loop with and without set-progress, each run alone, twice (the first warms up).
            // Store writes are counted from just before the submit until the store has had time to write
            // the job's end (SETTLE_MILLIS after the job is seen finished), so each count is the job's own.
            long plainWrites = 0, writes = 0;
            for (int round = 0; round < 2; round++) {
                long before = storeWrites(registry);
                runOne(use, "bench-plain");
                Thread.sleep(SETTLE_MILLIS);
                plainWrites = storeWrites(registry) - before;
                before = storeWrites(registry);
                runOne(use, "bench-progress");
                Thread.sleep(SETTLE_MILLIS);
                writes = storeWrites(registry) - before;
            }
            System.out.printf(java.util.Locale.ROOT, "progress_plain_store_writes %d%nprogress_store_writes %d%n",
                    plainWrites, writes);

            // Timed progress: a job calling set-progress in a busy loop for PROGRESS_SECONDS, so that
            // its store writes per second mean something (the 1,000,000-call job lasts well under 1 s).
            long before = storeWrites(registry);
            double timed = runOne(use, "bench-progress-timed");
            Thread.sleep(SETTLE_MILLIS);
            long timedWrites = storeWrites(registry) - before;
            System.out.printf(java.util.Locale.ROOT,
                    "progress_timed_seconds %.3f%nprogress_timed_calls %d%nprogress_timed_store_writes %d%n"
                            + "progress_timed_writes_per_second %.2f%n",
                    timed, TimedProgress.calls, timedWrites, timedWrites < 0 ? -1.0 : timedWrites / timed);
        } finally {
            registry.stop();
        }
    }

    /** How long the timed progress job calls set-progress. */
    static final double PROGRESS_SECONDS = Double.parseDouble(System.getProperty("bench.progressSeconds", "3"));

    /**
     * Wait after a job is seen finished before reading the store's write counter: the store may keep a
     * change nobody waits for (a job's end) in memory for up to 500 ms (Registry.STORE_FLUSH_INTERVAL).
     */
    static final long SETTLE_MILLIS = 1_500;

    static double runOne(JobsUseCase use, String type) throws Exception {
        long start = System.nanoTime();
        Job job = use.submit(new SubmitJobCommand(type, Map.of()));
        while (true) {
            Job now = use.get(job.id());
            if (now.status().isTerminal()) {
                if (now.status() != JobStatus.SUCCEEDED) {
                    throw new IllegalStateException(type + " ended " + now.status() + ": " + now.error());
                }
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(1);
        }
    }

    /** JsonFileJobStore.fileWrites() or SqliteJobStore.transactions(), read through the registry's private store; -1 if neither exists. */
    static long storeWrites(Registry registry) throws Exception {
        var field = Registry.class.getDeclaredField("store");
        field.setAccessible(true);
        Object store = field.get(registry);
        for (String name : new String[] {"fileWrites", "transactions"}) {
            try {
                return (long) store.getClass().getMethod(name).invoke(store);
            } catch (NoSuchMethodException e) {
                // try the next one
            }
        }
        return -1;
    }

    /** One million loop steps, reporting each as progress or not. */
    record Loop(boolean report) implements JobHandler {
        @Override
        public void run(JobContext context, JobParams params) {
            long acc = 0;
            for (long i = 1; i <= 1_000_000; i++) {
                acc += i * 31;
                if (report) {
                    context.setProgress(i, 1_000_000L, null);
                }
            }
            sink = acc;
        }
    }

    /** Calls set-progress with increasing values in a busy loop for PROGRESS_SECONDS. */
    static final class TimedProgress implements JobHandler {
        static volatile long calls;

        @Override
        public void run(JobContext context, JobParams params) {
            long end = System.nanoTime() + (long) (PROGRESS_SECONDS * 1e9);
            long i = 0;
            do {
                for (int k = 0; k < 1_000; k++) {
                    i++;
                    context.setProgress(i, null, null);
                }
            } while (System.nanoTime() < end);
            calls = i;
        }
    }

    static void streams(int port, int n) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        byte[] request = ("GET /api/jobs/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int failed = 0;
        for (int i = 0; i < n; i++) {
            try {
                Socket s = new Socket("127.0.0.1", port);
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
                sockets.add(s);
            } catch (java.io.IOException e) {
                failed++;
            }
        }
        int answered = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(5000);
                if (s.getInputStream().read() >= 0) {
                    answered++;
                }
            } catch (java.io.IOException e) {
                failed++; // reset or no first byte within 5 s: counted as not open
            }
        }
        System.out.println("streams_failed " + failed);
        System.out.println("streams_open " + answered);
        System.out.flush();
        System.in.read(); // hold until run.sh closes our stdin
        for (Socket s : sockets) {
            s.close();
        }
    }
}
