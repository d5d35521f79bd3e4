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
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The jobs.json file on disk: loading it (setting aside what cannot be loaded, never deleting
 * anything) and replacing it crash-safely with a new snapshot. Loading and writing both tell the
 * file's {@link Stamp}, which the {@link JobsJournal} uses to know which jobs.json it extends.
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
     * Which jobs.json is on disk: its length and the CRC-32C of its bytes. Another program (the
     * original registry) writing the file, or this store replacing it, changes the stamp.
     *
     * @param bytes  the file's length, or -1 when there is no file
     * @param crc32c the CRC-32C of its bytes; 0 when there is no file
     */
    record Stamp(long bytes, long crc32c) {
        static final Stamp NO_FILE = new Stamp(-1, 0);
    }

    /**
     * What loading found.
     *
     * @param jobs           the jobs that loaded, in the file's order (oldest first)
     * @param recordsSkipped whether records were skipped (and the file copied aside): the file should
     *                       be rewritten soon, so that the next start does not skip and copy them again
     * @param stamp          the file that was loaded; {@link Stamp#NO_FILE} when there was none or it
     *                       was moved aside
     */
    record Loaded(List<Job> jobs, boolean recordsSkipped, Stamp stamp) {
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
        Stamp stamp;
        try (InputStream raw = Files.newInputStream(file)) {
            CountingCrcInput in = new CountingCrcInput(raw);
            contents = JobsJson.read(in, clock);
            in.transferTo(OutputStream.nullOutputStream());
            stamp = in.stamp();
        } catch (NoSuchFileException e) {
            return new Loaded(List.of(), false, Stamp.NO_FILE);
        } catch (IOException e) {
            return setAsideUnusable("could not be read (" + e + ")");
        } catch (JobsJson.UnusableFileException e) {
            return setAsideUnusable(e.getMessage());
        }
        if (contents.rejected().isEmpty()) {
            return new Loaded(contents.jobs(), false, stamp);
        }
        keepCopyOfRejected(contents);
        return new Loaded(contents.jobs(), true, stamp);
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
        return new Loaded(List.of(), false, Stamp.NO_FILE);
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
     * the new file: {@link #writeTemp}, then {@link #replaceWithTemp}.
     *
     * @return the stamp of the new file
     */
    Stamp write(List<Job> jobs) throws IOException {
        Stamp stamp = writeTemp(jobs);
        replaceWithTemp();
        return stamp;
    }

    /**
     * Writes {@code jobs} (oldest first) to a temp file beside the file and forces it to disk; the
     * file itself is unchanged until {@link #replaceWithTemp}.
     *
     * @return the stamp the file will have
     */
    Stamp writeTemp(List<Job> jobs) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32C crc = new CRC32C();
            // Not closed here: closing the stream would close the channel before it is forced.
            OutputStream out = new BufferedOutputStream(
                    new CheckedOutputStream(Channels.newOutputStream(channel), crc), WRITE_BUFFER_BYTES);
            JobsJson.write(jobs, out);
            out.flush();
            channel.force(true);
            return new Stamp(channel.size(), crc.getValue());
        }
    }

    /**
     * Renames the temp file over the file in one atomic step, then forces the folder so that the
     * rename itself survives a power loss.
     */
    void replaceWithTemp() throws IOException {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        folder.sync();
    }

    /**
     * Counts and checksums what is read through it, for the stamp of a loaded file. Closing it
     * leaves the stream open (the parser closes its source), so the rest can still be read.
     */
    private static final class CountingCrcInput extends CheckedInputStream {
        private long count;

        CountingCrcInput(InputStream in) {
            super(in, new CRC32C());
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(Math.max(n, 1), 8192)];
            long left = n;
            while (left > 0) {
                int read = read(buffer, 0, (int) Math.min(left, buffer.length));
                if (read < 0) {
                    break;
                }
                left -= read;
            }
            return n - left;
        }

        @Override
        public void close() {
        }

        Stamp stamp() {
            return new Stamp(count, getChecksum().getValue());
        }
    }
}
