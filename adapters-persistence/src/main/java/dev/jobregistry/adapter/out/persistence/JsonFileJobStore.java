package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Jobs kept as the original registry kept them: all in one {@code jobs.json} file, one JSON
 * object keyed by job id. The original registry loads the files this store writes, and this
 * store loads the files the original wrote.
 *
 * <h2>Durability</h2>
 * All jobs live in memory; reads never touch the disk. A write ({@link #insert}, {@link #replace},
 * {@link #deleteFinished}, {@link #pruneFinished}) changes memory and returns; one writer thread
 * then writes the whole file. A change is <em>durable</em> (survives a crash, kill -9 or power
 * loss) once a {@link #sync()} called after it has returned: {@code sync()} waits for a write that
 * began after the change. Callers that sync at the same time share one write (group commit).
 * Changes nobody syncs are written within the {@linkplain JsonStoreSettings#flushInterval() flush
 * interval} and on {@link #close()}; if the process ends without {@code close()}, those of the last
 * interval are lost.
 *
 * <p>Each write goes to {@code <name>.tmp} in the same folder, is forced to disk, renamed over
 * the file in one atomic step, and the folder is forced too, so the file on disk is always a
 * complete snapshot: the old one or the new one. If a write fails (disk full, no permission),
 * {@code sync()} throws {@link StoreUnavailableException}, nothing is lost from memory, and the
 * next write tries again.
 *
 * <h2>Opening</h2>
 * The store owns its file alone: {@code <name>.lock} beside it is locked for as long as the
 * store is open and names the owner's pid, and a second store on the same file, in this process
 * or another, is refused. A file that is not JSON, not an object, or cannot be read is moved aside
 * to {@code <name>.corrupt-<yyyyMMdd-HHmmss>} and the store starts empty. Records that cannot be
 * represented as jobs are skipped after the whole file is copied to
 * {@code <name>.rejected-<yyyyMMdd-HHmmss>}, and the file is rewritten without them within the
 * flush interval. Either way one warning is logged, and nothing is ever deleted. The store loads
 * records as they are: turning unfinished jobs into failed ones after a restart is the
 * application's job.
 *
 * <h2>Cost</h2>
 * Finding a job is a hash lookup; {@link #list()} walks an index already in newest-first order;
 * every write is O(log n); {@link #pruneFinished} costs O(1) when nothing is over the limit and
 * O(log n) per job it removes. A file write is O(n) on the writer thread; writes wait only while it
 * copies the references to the jobs at its start.
 *
 * <p>A job's {@code created_at} orders the list and is fixed when it is inserted: {@link #replace}
 * refuses a job whose {@code created_at} differs from the stored one.
 */
public final class JsonFileJobStore implements JobStore {

    /** Newest first: by created_at, then by id, both descending. */
    private record ListOrder(Instant createdAt, JobId id) implements Comparable<ListOrder> {
        static ListOrder of(Job job) {
            return new ListOrder(job.createdAt(), job.id());
        }

        @Override
        public int compareTo(ListOrder other) {
            int byTime = other.createdAt.compareTo(createdAt);
            return byTime != 0 ? byTime : other.id.compareTo(id);
        }
    }

    /** Oldest finished first, for retention; a finished job without finished_at counts as oldest. */
    private record PruneOrder(Instant finishedAt, JobId id) implements Comparable<PruneOrder> {
        private static final Comparator<PruneOrder> OLDEST_FIRST =
                Comparator.comparing(PruneOrder::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(PruneOrder::id);

        static PruneOrder of(Job job) {
            return new PruneOrder(job.finishedAt(), job.id());
        }

        @Override
        public int compareTo(PruneOrder other) {
            return OLDEST_FIRST.compare(this, other);
        }
    }

    private final JobsFile file;
    private final StoreLock lock;
    private final GroupCommit commits;

    /** Guards every change, so that a change and its indexes move together and generations are ordered. */
    private final Object writeLock = new Object();
    private final Map<JobId, Job> byId = new ConcurrentHashMap<>();
    private final ConcurrentNavigableMap<ListOrder, Job> newestFirst = new ConcurrentSkipListMap<>();
    /** Guarded by writeLock. */
    private final TreeSet<PruneOrder> finished = new TreeSet<>();
    /** Changed only under writeLock, after the change it counts is in memory. */
    private volatile long generation;
    /** Set under writeLock. */
    private volatile boolean closed;

    private JsonFileJobStore(JobsFile file, StoreLock lock, JobsFile.Loaded loaded, JsonStoreSettings settings) {
        this.file = file;
        this.lock = lock;
        for (Job job : loaded.jobs()) {
            index(job);
        }
        // What was loaded is on disk already, unless skipped records are still in the file.
        long onDisk = loaded.recordsSkipped() ? -1 : generation;
        // The file lists jobs oldest first, in the order the original added them.
        this.commits = new GroupCommit(() -> generation, this::snapshot, onDisk,
                jobs -> file.write(jobs.reversed()), settings.flushInterval(), file.describe());
    }

    /**
     * Opens the store on {@code file}, creating its folder if missing. The file itself is created
     * by the first write; a missing file is an empty store.
     *
     * @param file     the jobs.json file, such as {@code ~/.cache/termux_extensions/jobs.json}
     * @param settings flush interval and clock
     * @throws StoreUnavailableException if another store owns the file, its folder cannot be
     *                                   created or locked, or a file that cannot be fully loaded
     *                                   cannot be set aside
     */
    public static JsonFileJobStore open(Path file, JsonStoreSettings settings) {
        Path absolute = inRealFolder(file);
        JobsFile jobsFile = new JobsFile(absolute, settings.clock());
        StoreLock lock = StoreLock.acquire(absolute, jobsFile.describe());
        try {
            JobsFile.Loaded loaded = jobsFile.load();
            JsonFileJobStore store = new JsonFileJobStore(jobsFile, lock, loaded, settings);
            store.commits.start();
            return store;
        } catch (RuntimeException e) {
            try {
                lock.close();
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    /** The file's path with its folder created and resolved, so that every alias of it names the same lock. */
    private static Path inRealFolder(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder == null || absolute.getFileName() == null) {
            throw new StoreUnavailableException("the store path " + file + " does not name a file; "
                    + "choose a --store-path such as ~/.cache/termux_extensions/jobs.json");
        }
        try {
            Files.createDirectories(folder);
            return folder.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the folder " + folder + " for " + absolute.getFileName()
                    + " (" + e + "); check its permissions or choose another --store-path", e);
        }
    }

    @Override
    public void insert(Job job) {
        synchronized (writeLock) {
            checkOpen();
            if (byId.containsKey(job.id())) {
                throw new IllegalStateException("a job with id " + job.id() + " is already stored");
            }
            index(job);
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Job> list() {
        return Collections.unmodifiableList(newestFirstCopy());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code updated} has another {@code created_at} than the
     *                                  stored job: the list order depends on it
     */
    @Override
    public boolean replace(Job updated, JobStatus expected) {
        synchronized (writeLock) {
            checkOpen();
            Job current = byId.get(updated.id());
            if (current == null || expected.isTerminal() || current.status() != expected) {
                return false;
            }
            if (!current.createdAt().equals(updated.createdAt())) {
                throw new IllegalArgumentException("the created_at of job " + updated.id() + " never changes (stored "
                        + current.createdAt() + ", given " + updated.createdAt() + ")");
            }
            index(updated);
        }
        return true;
    }

    @Override
    public boolean deleteFinished(JobId id) {
        synchronized (writeLock) {
            checkOpen();
            Job current = byId.get(id);
            if (current == null || !current.isFinished()) {
                return false;
            }
            unindex(current);
            generation++;
        }
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code keep} is negative
     */
    @Override
    public List<JobId> pruneFinished(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("the number of finished jobs to keep is not negative, got " + keep);
        }
        synchronized (writeLock) {
            checkOpen();
            if (finished.size() <= keep) {
                return List.of();
            }
            List<JobId> removed = new ArrayList<>(finished.size() - keep);
            while (finished.size() > keep) {
                Job oldest = byId.get(finished.first().id());
                unindex(oldest);
                removed.add(oldest.id());
            }
            generation++;
            return removed;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws StoreUnavailableException if the write that would cover the caller's changes failed
     * @throws IllegalStateException     if the store is closed
     */
    @Override
    public void sync() {
        checkOpen();
        commits.awaitDurable(generation);
    }

    /**
     * Writes what is not durable yet, stops the writer thread and releases the lock file. Closing
     * twice is harmless.
     *
     * @throws StoreUnavailableException if the last write failed; the lock is released anyway
     */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            commits.close();
        } finally {
            lock.close();
        }
    }

    /** How many times the file has been written since the store opened; for tests and benchmarks. */
    public long fileWrites() {
        return commits.fileWrites();
    }

    /** Puts {@code job} in the map and the indexes, replacing the stored job with its id. Under writeLock. */
    private void index(Job job) {
        byId.put(job.id(), job);
        newestFirst.put(ListOrder.of(job), job);
        if (job.isFinished()) {
            finished.add(PruneOrder.of(job));
        }
        generation++;
    }

    /** Takes {@code job} out of the map and the indexes. Under writeLock. */
    private void unindex(Job job) {
        byId.remove(job.id());
        newestFirst.remove(ListOrder.of(job));
        if (job.isFinished()) {
            finished.remove(PruneOrder.of(job));
        }
    }

    /** Every job, newest first, as of one generation. */
    private GroupCommit.Snapshot snapshot() {
        synchronized (writeLock) {
            return new GroupCommit.Snapshot(generation, newestFirstCopy());
        }
    }

    private List<Job> newestFirstCopy() {
        // Sized up front and filled by iterating: the skip list's own toArray() counts and copies twice.
        List<Job> jobs = new ArrayList<>(byId.size() + 16);
        for (Job job : newestFirst.values()) {
            jobs.add(job);
        }
        return jobs;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(file.describe() + " is closed");
        }
    }
}
