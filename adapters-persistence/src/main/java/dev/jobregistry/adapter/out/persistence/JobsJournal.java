package dev.jobregistry.adapter.out.persistence;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * How the jobs.json store makes a change durable without rewriting the whole file: it appends the
 * changed jobs to {@code jobs.json.journal} beside the file and forces that, and folds the journal
 * into jobs.json (<em>compaction</em>: the whole file written crash-safely, the journal started
 * anew) only now and then. A sync then costs the jobs that changed, not every job kept: with
 * 100,000 jobs retained, one appended line instead of a 33 MB file.
 *
 * <h2>When jobs.json is complete</h2>
 * Compaction happens when the journal has grown larger than jobs.json (at least
 * {@value #MIN_COMPACTION_BYTES} bytes), when the store has been idle for one flush interval after
 * a change, and when the store closes, which also deletes the journal. So after a clean stop
 * jobs.json alone holds every job, in the original registry's format, and while the registry is
 * idle it is at most a flush interval behind. Only after a crash under load does the journal hold
 * changes jobs.json lacks; the next start of this registry replays them (the original registry
 * does not read the journal).
 *
 * <h2>Format</h2>
 * A text file of lines. The first names the jobs.json it extends, by length and CRC-32C:
 * {@code # jobs.json journal 1: extends jobs.json of 1234 bytes, crc32c 89abcdef}. Each further
 * line is one change: {@code +} and the job as a one-entry jobs.json object
 * ({@code +{"job-1":{...}}}), or {@code -} and the id of a removed job. The file is grown
 * {@value #PREALLOCATE_BYTES} bytes at a time, filled with zero bytes, and the lines overwrite
 * them: forcing a write that does not change the file's length does not have to force the file
 * system's metadata too, which halved the cost of a sync on this project's test machine (ext4:
 * 520-650 to 240-310 microseconds). The changes end where a line would start with a zero byte.
 * A line is applied only if it ends with a line break: a torn last line (a crash during an append
 * that no sync returned for) is ignored, and everything after the last whole line is cut off
 * before anything is appended. A line that cannot be read elsewhere is skipped, with a copy of
 * the journal set aside and one warning.
 *
 * <h2>Which jobs.json a journal belongs to</h2>
 * A journal whose first line does not match the jobs.json on disk is not applied: either a
 * compaction had written the new jobs.json when the process died (then {@code jobs.json.journal.tmp},
 * the next journal, matches it and the old journal is deleted: its changes are all in the file), or
 * another program rewrote jobs.json since, and the journal is moved aside to
 * {@code jobs.json.journal.stale-<stamp>} with a warning. Nothing is applied to a file it was not
 * written for.
 *
 * <h2>Compaction, step by step</h2>
 * The new jobs.json goes to {@code jobs.json.tmp} and the next journal, holding only its first
 * line, to {@code jobs.json.journal.tmp}; both are forced; then jobs.json is renamed into place
 * and the folder forced, then the journal, and the folder forced again. A crash between any two
 * steps leaves files that the rules above load correctly.
 *
 * <p>Used by one thread at a time: {@link #recover} while the store opens, then the store's
 * {@link GroupCommit} writer thread, then {@link #close} after that thread has stopped.
 */
final class JobsJournal implements GroupCommit.Sink<JobTable.ChangesAndJobs> {

    /** The journal's name is the jobs.json file's name plus this. */
    static final String SUFFIX = ".journal";
    /** The journal is folded into jobs.json once it is larger than jobs.json and than this. */
    static final long MIN_COMPACTION_BYTES = 4L << 20;
    /** How much the journal file grows at a time (zero bytes that the lines then overwrite). */
    static final int PREALLOCATE_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(JsonFileJobStore.class.getName());
    private static final Pattern HEADER = Pattern.compile(
            "# jobs\\.json journal 1: extends jobs\\.json of (-?\\d+) bytes, crc32c ([0-9a-f]{1,8})");
    private static final byte PUT = '+';
    private static final byte DELETE = '-';
    private static final byte END = '\n';

    private final JobsFile file;
    private final Path path;
    private final Path temp;
    private final Clock clock;
    private final StoreFolder folder;
    private final long minCompactionBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);

    private JobTable table;
    /** The jobs.json on disk, which the journal on disk extends. */
    private JobsFile.Stamp base;
    /** The journal open for appending; null until the next append opens or creates it. */
    private FileChannel channel;
    /** Whether the journal file on disk is the one for {@link #base} (else the next append creates it). */
    private boolean journalOnDisk;
    /** Where the next change goes: the length of the journal's complete lines. */
    private long journalBytes;
    /** The journal file's length: {@link #journalBytes} and the zero bytes after them. */
    private long allocatedBytes;
    /** How many changes the journal holds. */
    private long records;
    /** The next write folds everything into jobs.json instead of appending. */
    private boolean compactNext;
    /** Changes an append failed to store; written with the next ones. */
    private ChangeSet unwritten = new ChangeSet();
    private volatile long compactions;

    /**
     * @param path               the jobs.json file, absolute, in a folder that exists
     * @param minCompactionBytes the journal is folded into jobs.json once it is larger than the
     *                           file and than this ({@link #MIN_COMPACTION_BYTES} but in tests)
     */
    JobsJournal(JobsFile file, Path path, Clock clock, long minCompactionBytes) {
        this.minCompactionBytes = minCompactionBytes;
        this.file = file;
        this.path = path.resolveSibling(path.getFileName() + SUFFIX);
        this.temp = path.resolveSibling(path.getFileName() + SUFFIX + ".tmp");
        this.clock = clock;
        this.folder = new StoreFolder(this.path, clock, LOG);
    }

    /** The table whose jobs an idle or closing compaction writes; set once, before the writer starts. */
    void attach(JobTable table) {
        this.table = table;
    }

    /** How many times the journal has been folded into jobs.json since the store opened. */
    long compactions() {
        return compactions;
    }

    /** Whether the store should write soon even if nobody syncs: jobs.json must be rewritten. */
    boolean mustWriteSoon() {
        return compactNext;
    }

    // ------------------------------------------------------------------------------- opening

    /**
     * The jobs after applying the journal (if there is one for the loaded jobs.json) to what
     * jobs.json held; see the class comment for which journal applies. Cuts a torn last line off.
     *
     * @throws IOException if the journal exists but cannot be read, cut or set aside
     */
    List<Job> recover(JobsFile.Loaded loaded) throws IOException {
        base = loaded.stamp();
        compactNext = loaded.recordsSkipped();
        if (!Files.exists(path)) {
            Files.deleteIfExists(temp);
            return loaded.jobs();
        }
        byte[] bytes = Files.readAllBytes(path);
        Optional<JobsFile.Stamp> stamp = headerOf(bytes);
        if (stamp.isEmpty()) {
            if (bytes.length == 0) {
                Files.delete(path);
            } else {
                Path aside = folder.moveAside("corrupt");
                LOG.log(WARNING, path.getFileName() + " (" + path + ") does not start with a journal header, so it "
                        + "was not applied; moved it to " + aside + ". Nothing was deleted.");
            }
            Files.deleteIfExists(temp);
            return loaded.jobs();
        }
        if (!stamp.get().equals(base)) {
            Optional<JobsFile.Stamp> next = Files.isRegularFile(temp)
                    ? headerOf(Files.readAllBytes(temp)) : Optional.empty();
            if (next.isPresent() && next.get().equals(base)) {
                // A compaction had put the new jobs.json in place: every change in the old journal is in it.
                LOG.log(INFO, path.getFileName() + " was already folded into " + file.describe()
                        + " by the last compaction before the process ended; removed it");
                Files.delete(path);
            } else {
                Path aside = folder.moveAside("stale");
                LOG.log(WARNING, path.getFileName() + " (" + path + ") was written for another version of "
                        + file.describe() + " (the file was changed since, perhaps by another program), so its "
                        + "changes were not applied; moved it to " + aside + ". Nothing was deleted.");
            }
            Files.deleteIfExists(temp);
            folder.sync();
            return loaded.jobs();
        }
        Files.deleteIfExists(temp);
        return replay(loaded.jobs(), bytes, indexOf(bytes, 0) + 1);
    }

    private List<Job> replay(List<Job> loaded, byte[] bytes, int start) throws IOException {
        Map<JobId, Job> jobs = new LinkedHashMap<>(loaded.size() * 2);
        for (Job job : loaded) {
            jobs.put(job.id(), job);
        }
        List<String> bad = new ArrayList<>();
        int lineNumber = 1;
        int at = start;
        while (at < bytes.length && bytes[at] != 0) {
            int end = indexOf(bytes, at);
            if (end < 0) {
                break; // torn: the process ended while writing this line
            }
            lineNumber++;
            String problem = apply(bytes, at, end, jobs);
            if (problem != null) {
                bad.add("line " + lineNumber + ": " + problem);
            } else {
                records++;
            }
            at = end + 1;
        }
        Path copy = bad.isEmpty() ? null : folder.copyAside("rejected");
        journalBytes = at;
        journalOnDisk = true;
        boolean torn = at < bytes.length && bytes[at] != 0;
        if (at < bytes.length) {
            // Cut off what follows the last whole line (zero bytes, and perhaps a torn line or bytes
            // of an append that no sync returned for), so that nothing old is ever read after a new line.
            try (FileChannel cut = FileChannel.open(path, StandardOpenOption.WRITE)) {
                cut.truncate(at);
                cut.force(true);
            }
        }
        if (torn) {
            LOG.log(INFO, path.getFileName() + " ended in an incomplete change (the process ended while writing "
                    + "it, before it was acknowledged); cut it off");
        }
        if (copy != null) {
            LOG.log(WARNING, path.getFileName() + " (" + path + "): skipped " + bad.size() + " change(s) that "
                    + "cannot be read (" + String.join("; ", bad.subList(0, Math.min(5, bad.size())))
                    + (bad.size() > 5 ? "; ..." : "") + "); applied the other " + records + ". A copy of the "
                    + "journal is in " + copy + "; the next write folds the jobs into " + file.describe() + ".");
            compactNext = true;
        }
        return new ArrayList<>(jobs.values());
    }

    /** Applies the line {@code bytes[from, to)} to {@code jobs}; the problem if it cannot be read, else null. */
    private String apply(byte[] bytes, int from, int to, Map<JobId, Job> jobs) {
        if (to == from) {
            return "empty";
        }
        if (bytes[from] == DELETE) {
            try {
                JobId id = new JobId(new String(bytes, from + 1, to - from - 1, StandardCharsets.UTF_8));
                jobs.remove(id);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (bytes[from] != PUT) {
            return "neither a change (+) nor a removal (-)";
        }
        try {
            JobsJson.Contents contents = JobsJson.read(new ByteArrayInputStream(bytes, from + 1, to - from - 1), clock);
            if (contents.jobs().size() != 1 || !contents.rejected().isEmpty()) {
                return contents.rejected().isEmpty() ? "not one job" : contents.rejected().getFirst().toString();
            }
            Job job = contents.jobs().getFirst();
            jobs.put(job.id(), job);
            return null;
        } catch (JobsJson.UnusableFileException e) {
            return e.getMessage();
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == END) {
                return i;
            }
        }
        return -1;
    }

    /** The stamp named by the header line {@code bytes} start with; empty if they start with no such line. */
    private static Optional<JobsFile.Stamp> headerOf(byte[] bytes) {
        int end = indexOf(bytes, 0);
        if (end < 0) {
            return Optional.empty();
        }
        Matcher matcher = HEADER.matcher(new String(bytes, 0, end, StandardCharsets.UTF_8));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new JobsFile.Stamp(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2), 16)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static byte[] header(JobsFile.Stamp stamp) {
        return ("# jobs.json journal 1: extends jobs.json of " + stamp.bytes() + " bytes, crc32c "
                + Long.toHexString(stamp.crc32c()) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------------------- writing

    /** What the writer thread captures for its next write: the changes, and every job when a compaction is due. */
    JobTable.Captured<JobTable.ChangesAndJobs> capture() {
        if (compactNext || records > 0 && journalBytes > Math.max(minCompactionBytes, base.bytes())) {
            return table.takeChangesAndJobs();
        }
        JobTable.Captured<ChangeSet> changes = table.takeChanges();
        return new JobTable.Captured<>(changes.generation(), new JobTable.ChangesAndJobs(changes.contents(), null));
    }

    /** Appends the batch's changes and forces them to disk, or folds every job into jobs.json. */
    @Override
    public void write(JobTable.ChangesAndJobs batch) throws IOException {
        if (batch.newestFirst() != null) {
            compact(batch.newestFirst());
            return;
        }
        unwritten.addAll(batch.changes());
        if (unwritten.isEmpty()) {
            return;
        }
        append(unwritten);
        unwritten = new ChangeSet();
    }

    /** After a flush interval without changes: folds the journal into jobs.json if it holds any. */
    @Override
    public void idle() throws IOException {
        if (records > 0 || compactNext) {
            compact(table.snapshot().contents());
        }
    }

    private void append(ChangeSet changes) throws IOException {
        buffer.reset();
        try (JsonGenerator out = JobsJson.entryGenerator(buffer)) {
            for (JobId id : changes.deletes()) {
                out.writeRaw((char) DELETE);
                out.writeRaw(id.value());
                out.writeRaw((char) END);
            }
            for (Job job : changes.upserts()) {
                out.writeRaw((char) PUT);
                JobsJson.writeEntry(job, out);
                out.writeRaw((char) END);
            }
        }
        FileChannel journal = openForAppend();
        long start = journalBytes;
        ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
        try {
            if (start + bytes.capacity() > allocatedBytes) {
                grow(journal, start + bytes.capacity() + PREALLOCATE_BYTES);
            }
            long position = start;
            while (bytes.hasRemaining()) {
                position += journal.write(bytes, position);
            }
            journal.force(false);
        } catch (IOException e) {
            // Take the partial lines back, so that the next append starts on a line of its own.
            try {
                journal.truncate(start);
                journal.force(false);
                allocatedBytes = start;
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
                closeChannel();
                compactNext = true;
            }
            throw e;
        }
        journalBytes = start + bytes.capacity();
        records += changes.deletes().size() + changes.upserts().size();
    }

    private FileChannel openForAppend() throws IOException {
        if (channel != null) {
            return channel;
        }
        if (!journalOnDisk) {
            writeJournalTemp(base);
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
            folder.sync();
            journalOnDisk = true;
            journalBytes = header(base).length;
            records = 0;
        }
        channel = FileChannel.open(path, StandardOpenOption.WRITE);
        allocatedBytes = channel.size();
        return channel;
    }

    /** Extends the journal with zero bytes to {@code length}; the next force makes the new length durable. */
    private void grow(FileChannel journal, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        long position = allocatedBytes;
        while (position < length) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), length - position));
            position += journal.write(zeros, position);
        }
        allocatedBytes = length;
    }

    private void writeJournalTemp(JobsFile.Stamp stamp) throws IOException {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(header(stamp));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
    }

    /** Writes every job to jobs.json and starts an empty journal for it; see the class comment for the steps. */
    private void compact(List<Job> newestFirst) throws IOException {
        compactNext = true; // until it has all gone through
        closeChannel();
        JobsFile.Stamp stamp = file.writeTemp(newestFirst.reversed());
        writeJournalTemp(stamp);
        file.replaceWithTemp();
        base = stamp;
        journalOnDisk = false;
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        folder.sync();
        journalOnDisk = true;
        journalBytes = header(stamp).length;
        records = 0;
        unwritten = new ChangeSet();
        compactNext = false;
        compactions++;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + path + ": " + e);
            }
            channel = null;
        }
    }

    // ------------------------------------------------------------------------------- closing

    /**
     * Folds the journal into jobs.json and deletes it, so that jobs.json alone holds every job.
     * Called once the writer has stopped. If that fails the journal stays and the next start
     * replays it; one warning says so.
     */
    void close() {
        try {
            if (records > 0 || compactNext) {
                compact(table.snapshot().contents());
            }
            closeChannel();
            if (Files.deleteIfExists(path)) {
                folder.sync();
            }
        } catch (IOException | RuntimeException e) {
            closeChannel();
            LOG.log(WARNING, "could not fold " + path + " into " + file.describe() + " on closing (" + e + "); "
                    + "the journal is kept and the next start of the Job Registry applies it", e);
        }
    }
}
