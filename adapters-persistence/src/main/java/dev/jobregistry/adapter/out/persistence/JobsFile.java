package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The jobs.json file on disk: loading it (setting aside what cannot be loaded, never deleting
 * anything) and replacing it crash-safely with a new snapshot.
 */
final class JobsFile {

    private static final System.Logger LOG = System.getLogger(JsonFileJobStore.class.getName());
    private static final int WRITE_BUFFER_BYTES = 1 << 16;

    private final Path file;
    private final Path temp;
    private final Clock clock;
    private final StoreFolder folder;

    /** @param file an absolute path whose parent folder exists */
    JobsFile(Path file, Clock clock) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.clock = clock;
        this.folder = new StoreFolder(file, clock, LOG);
    }

    /** The file's name and full path, for messages: {@code jobs.json (/home/u/.cache/jobs.json)}. */
    String describe() {
        return folder.describe();
    }

    /**
     * What loading found.
     *
     * @param jobs           the jobs that loaded
     * @param recordsSkipped whether records were skipped (and the file copied aside): the file should
     *                       be rewritten soon, so that the next start does not skip and copy them again
     */
    record Loaded(List<Job> jobs, boolean recordsSkipped) {
    }

    /**
     * The jobs in the file; none if there is no file. A file that cannot be used as a whole is
     * moved aside to {@code <name>.corrupt-<stamp>}; when some records cannot be loaded, the whole
     * file is first copied to {@code <name>.rejected-<stamp>}. Either way one warning says so.
     *
     * @throws StoreUnavailableException if a file that cannot be fully loaded cannot be set aside
     *                                   either: going on would overwrite it
     */
    Loaded load() {
        JobsJson.Contents contents;
        try (InputStream in = Files.newInputStream(file)) {
            contents = JobsJson.read(in, clock);
        } catch (NoSuchFileException e) {
            return new Loaded(List.of(), false);
        } catch (IOException e) {
            return setAsideUnusable("could not be read (" + e + ")");
        } catch (JobsJson.UnusableFileException e) {
            return setAsideUnusable(e.getMessage());
        }
        if (contents.rejected().isEmpty()) {
            return new Loaded(contents.jobs(), false);
        }
        keepCopyOfRejected(contents);
        return new Loaded(contents.jobs(), true);
    }

    private Loaded setAsideUnusable(String problem) {
        Path aside;
        try {
            aside = folder.moveAside("corrupt");
        } catch (IOException e) {
            throw new StoreUnavailableException(describe() + " " + problem + ", and moving it aside failed ("
                    + e + "); move it away or repair it by hand, then start again", e);
        }
        LOG.log(WARNING, describe() + " " + problem + "; moved it to " + aside + " and started with no jobs. "
                + "Nothing was deleted: the jobs in it can be recovered by hand from that file.");
        return new Loaded(List.of(), false);
    }

    private void keepCopyOfRejected(JobsJson.Contents contents) {
        Path copy;
        try {
            copy = folder.copyAside("rejected");
        } catch (IOException e) {
            throw new StoreUnavailableException(describe() + " has records that cannot be loaded ("
                    + join(contents.rejected()) + "), and copying the file aside failed (" + e
                    + "); fix those records or move the file away by hand, then start again", e);
        }
        LOG.log(WARNING, describe() + ": skipped " + contents.rejected().size()
                + " record(s) that cannot be loaded: " + join(contents.rejected())
                + "; copied the whole file to " + copy + " and loaded the other " + contents.jobs().size()
                + " job(s). The next write leaves the skipped records out of " + file.getFileName()
                + "; that copy keeps them.");
    }

    private static String join(List<JobsJson.Rejected> rejected) {
        return String.join(", ", rejected.stream().map(JobsJson.Rejected::toString).toList());
    }

    /**
     * Replaces the file with {@code jobs} so that a crash at any moment leaves either the old or
     * the new file: writes a temp file beside it, forces it to disk, renames it over the file,
     * then forces the folder so that the rename itself survives a power loss.
     */
    void write(List<Job> jobs) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_BYTES)) {
            JobsJson.write(jobs, out);
            out.flush();
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        folder.sync();
    }
}
