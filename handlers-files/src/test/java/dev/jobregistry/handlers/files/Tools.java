package dev.jobregistry.handlers.files;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the standard archive tools (unzip, zip, tar, 7zz) when they are installed; skips the test otherwise. */
final class Tools {

    private Tools() {
    }

    /** Skips the calling test, with a printed notice, unless {@code tool} is on the PATH. */
    static void assumeInstalled(String tool) {
        boolean found = false;
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                found = true;
                break;
            }
        }
        if (!found) {
            String notice = "NOTICE: skipped because " + tool + " is not installed (apt-get install unzip zip 7zip)";
            System.err.println(notice);
            System.out.println(notice);
        }
        Assumptions.assumeTrue(found, tool + " is not installed; install it (apt-get install unzip zip 7zip) to run this test");
    }

    /** Runs {@code command} in {@code dir}; fails with its output unless it exits 0. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
