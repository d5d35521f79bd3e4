// In-process and helper benchmarks for bench/run.sh, run with the source launcher against the
// built service jar:  java -cp "bootstrap/target/job-registry.jar:bootstrap/target/libs/*" bench/java/Bench.java MODE ...
//
//   bare PORT                      a bare Helidon server answering POST /api/jobs and GET /api/jobs/{id} with a
//                                  job-sized JSON (the ceilings of submit and read)
//   (the in-process figures are in bench/jmh: JMH benchmarks, and StoreWrites for the store-write counts)
//   streams PORT N                 opens N idle GET /api/jobs/events connections and holds them until stdin closes
//
// Output lines are "key value" pairs that run.sh reads.
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public class Bench {

    static final String JOB_JSON = "{\"id\":\"3f2c1e0a9b8d4c7e\",\"type\":\"noop\",\"params\":{\"duration\":0},"
            + "\"status\":\"pending\",\"message\":null,\"progress\":{\"completed\":null,\"total\":null,\"detail\":null},"
            + "\"result\":null,\"error\":null,\"cancel_requested\":false,\"created_at\":1796000000.123456,"
            + "\"started_at\":null,\"finished_at\":null}";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "bare" -> bare(Integer.parseInt(args[1]));
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
