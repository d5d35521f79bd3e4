package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.domain.JobId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The files benchmark (not a test; {@code bench/files.sh} runs it): on one generated tree of mixed
 * files, times {@code extract_archive} against {@code unzip -q} and {@code bulk_copy} against
 * {@code cp -a}, round after round in turn, and prints medians and ratios. The handlers run
 * in-process on a virtual thread, as the service runs them, in a JVM warmed by one untimed round
 * (the service is a long-running process); the tools run as processes. Every run writes to a
 * fresh folder on the same file system after a {@code sync}, and the outputs are compared.
 *
 * <p>Arguments: {@code WORK_DIR [SIZE_MB] [ROUNDS]}.
 */
public final class FilesBench {

    private static final String[] WORDS = ("the quick brown fox jumps over a lazy dog while seven wizards quietly"
            + " hex bad jumbo zebras and job registry handlers extract copy move delete archive files folder"
            + " progress cancel root link").split(" ");

    private FilesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int sizeMb = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(work);
        work = work.toRealPath();
        Path input = work.resolve("input");
        if (!Files.isDirectory(input)) {
            System.out.printf("Generating about %d MB of mixed files in %s ...%n", sizeMb, input);
            generate(input.resolve("tree"), sizeMb);
        }
        Path tree = input.resolve("tree");
        Path zip = work.resolve("input.zip");
        if (!Files.exists(zip)) {
            run(input, "zip", "-qry", zip.toString(), "tree");
        }
        Stats stats = Stats.of(tree);
        System.out.printf("Input: %d files, %d folders, %d links, %s; zip %s (made by zip -qry)%n", stats.files,
                stats.folders, stats.links, Sizes.human(stats.bytes), Sizes.human(Files.size(zip)));
        System.out.printf("JVM: %s %s, %d CPUs; %d rounds after one untimed warm-up round%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), rounds);

        ExtractArchiveHandler extract = Trees.init(new ExtractArchiveHandler(), work);
        BulkCopyHandler copy = Trees.init(new BulkCopyHandler(), work);
        Path out = work.resolve("out");
        List<Runner> runners = List.of(
                new Runner("extract_archive", () -> handler(extract, Map.of("archive_path", zip.toString(),
                        "destination", out.resolve("extract_archive").toString())), out.resolve("extract_archive")),
                new Runner("unzip -q", () -> run(Files.createDirectories(out.resolve("unzip")), "unzip", "-q",
                        zip.toString()), out.resolve("unzip")),
                new Runner("bulk_copy", () -> handler(copy, Map.of("sources", List.of(tree.toString()),
                        "destination", out.resolve("bulk_copy").toString())), out.resolve("bulk_copy")),
                new Runner("cp -a", () -> run(Files.createDirectories(out.resolve("cp")), "cp", "-a", tree.toString(),
                        out.resolve("cp").toString()), out.resolve("cp")));

        for (Runner runner : runners) {
            runner.once(); // warm-up: JIT for the handlers, page cache for everyone
        }
        check(runners);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < runners.size(); i++) {
                runners.get((i + round) % runners.size()).timed();
            }
        }
        deleteTree(out);

        System.out.println();
        System.out.printf("%-16s %10s %10s%n", "", "median ms", "best ms");
        for (Runner runner : runners) {
            System.out.printf("%-16s %10.0f %10.0f%n", runner.name, runner.median(), runner.best());
        }
        double extractRatio = runners.get(0).median() / runners.get(1).median();
        double copyRatio = runners.get(2).median() / runners.get(3).median();
        System.out.println();
        System.out.printf(Locale.ROOT, "extract_archive / unzip -q = %.2f  (goal <= 1.25)%n", extractRatio);
        System.out.printf(Locale.ROOT, "bulk_copy / cp -a          = %.2f  (goal <= 1.10)%n", copyRatio);
    }

    /** Checks that ours and the tools' outputs are the same trees (unzip sets no times on links). */
    private static void check(List<Runner> runners) throws Exception {
        for (Runner runner : runners) {
            runner.prepare();
            runner.action.run();
        }
        Path base = runners.get(0).output.getParent();
        if (!Trees.snapshotIgnoringLinkTimes(base.resolve("extract_archive/tree"))
                .equals(Trees.snapshotIgnoringLinkTimes(base.resolve("unzip/tree")))) {
            throw new IllegalStateException("extract_archive and unzip made different trees");
        }
        if (!Trees.snapshot(base.resolve("bulk_copy/tree")).equals(Trees.snapshot(base.resolve("cp/tree")))) {
            throw new IllegalStateException("bulk_copy and cp -a made different trees");
        }
        System.out.println("Outputs checked: extract_archive = unzip, bulk_copy = cp -a");
    }

    private interface Action {
        void run() throws Exception;
    }

    private static final class Runner {
        final String name;
        final Action action;
        final Path output;
        final List<Double> millis = new ArrayList<>();

        Runner(String name, Action action, Path output) {
            this.name = name;
            this.action = action;
            this.output = output;
        }

        void prepare() throws Exception {
            deleteTree(output);
            run(output.getParent() == null ? Path.of("/") : Files.createDirectories(output.getParent()), "sync");
        }

        void once() throws Exception {
            prepare();
            action.run();
        }

        void timed() throws Exception {
            prepare();
            long start = System.nanoTime();
            action.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }

        double median() {
            List<Double> sorted = millis.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        double best() {
            return millis.stream().min(Comparator.naturalOrder()).orElseThrow();
        }
    }

    /** Runs a handler on a virtual thread, as the executor does, with a context like the executor's. */
    private static void handler(JobHandler handler, Map<String, Object> params) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                JobParams jobParams = JobParams.of(params);
                handler.validate(jobParams);
                handler.run(new BenchContext(), jobParams);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        thread.join();
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }

    /** Keeps the latest progress and message under a lock, as the executor's context does. */
    private static final class BenchContext implements JobContext {
        private Object[] progress;
        private String message;

        @Override
        public JobId jobId() {
            return new JobId("job-bench");
        }

        @Override
        public boolean isCancelRequested() {
            return false;
        }

        @Override
        public void checkCancelled() {
        }

        @Override
        public synchronized void setMessage(String message) {
            this.message = message;
        }

        @Override
        public synchronized void setProgress(Long completed, Long total, String detail) {
            progress = new Object[]{completed, total, detail};
        }

        @Override
        public synchronized void finish(String message, Map<String, ?> result) {
            this.message = message;
        }

        @Override
        public void attachProcess(Process process) {
        }

        @Override
        public void detachProcess() {
        }

        @Override
        public void pause(Duration duration) throws JobCancelledException {
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue());
        }
    }

    private static void deleteTree(Path path) throws IOException, InterruptedException {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            run(path.getParent(), "rm", "-rf", path.toString());
        }
    }

    /**
     * About {@code sizeMb} MB: many small text files in nested folders, medium and large files half
     * text and half random (incompressible), empty folders and links; the same every time (seeded).
     */
    private static void generate(Path tree, int sizeMb) throws IOException {
        Random random = new Random(20240601);
        long budget = (long) sizeMb << 20;
        long small = budget / 10;
        long medium = budget / 2;
        int folders = 0;
        long written = 0;
        int n = 0;
        while (written < small) {
            Path dir = tree.resolve("docs/d" + (n % 40) + "/e" + (n % 7));
            Files.createDirectories(dir);
            written += write(dir.resolve("note" + n + ".txt"), 1024 + random.nextInt(15 * 1024), true, random);
            n++;
        }
        while (written < small + medium) {
            Path dir = Files.createDirectories(tree.resolve("media/m" + (n % 12)));
            boolean text = random.nextBoolean();
            written += write(dir.resolve((text ? "log" : "blob") + n + (text ? ".log" : ".bin")),
                    64 * 1024 + random.nextInt(960 * 1024), text, random);
            n++;
        }
        Path big = Files.createDirectories(tree.resolve("big"));
        while (written < budget) {
            boolean text = random.nextBoolean();
            written += write(big.resolve((text ? "dump" : "video") + n + (text ? ".txt" : ".mp4")), 16L << 20, text,
                    random);
            n++;
        }
        for (; folders < 50; folders++) {
            Files.createDirectories(tree.resolve("empty/e" + folders));
        }
        for (int i = 0; i < 50; i++) {
            Files.createSymbolicLink(tree.resolve("docs/d" + i % 40 + "/link" + i), Path.of("e" + i % 7));
        }
    }

    private static long write(Path file, long size, boolean text, Random random) throws IOException {
        byte[] bytes = new byte[(int) size];
        if (text) {
            StringBuilder line = new StringBuilder();
            int at = 0;
            while (at < bytes.length) {
                line.setLength(0);
                for (int w = 0; w < 12; w++) {
                    line.append(WORDS[random.nextInt(WORDS.length)]).append(w == 11 ? '\n' : ' ');
                }
                byte[] chunk = line.toString().getBytes(StandardCharsets.US_ASCII);
                int length = Math.min(chunk.length, bytes.length - at);
                System.arraycopy(chunk, 0, bytes, at, length);
                at += length;
            }
        } else {
            random.nextBytes(bytes);
        }
        Files.write(file, bytes);
        return size;
    }

    private record Stats(long files, long folders, long links, long bytes) {
        static Stats of(Path tree) throws IOException {
            long[] counts = new long[4];
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.forEach(path -> {
                    if (Files.isSymbolicLink(path)) {
                        counts[2]++;
                    } else if (Files.isDirectory(path)) {
                        counts[1]++;
                    } else {
                        counts[0]++;
                        counts[3] += path.toFile().length();
                    }
                });
            }
            return new Stats(counts[0], counts[1], counts[2], counts[3]);
        }
    }
}
