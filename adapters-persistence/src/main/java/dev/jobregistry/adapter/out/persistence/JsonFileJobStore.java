package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

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
 * Changes nobody syncs are written within the {@linkplain StoreSettings#flushInterval() flush
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
 * The jobs live in a {@link JobTable}: finding a job is a hash lookup; {@link #list()} walks an
 * index already in newest-first order; every write is O(log n); {@link #pruneFinished} costs O(1)
 * when nothing is over the limit and O(log n) per job it removes. A file write is O(n) on the
 * writer thread; writes wait only while it copies the references to the jobs at its start.
 *
 * <p>A job's {@code created_at} orders the list and is fixed when it is inserted: {@link #replace}
 * refuses a job whose {@code created_at} differs from the stored one.
 */
public final class JsonFileJobStore extends TableJobStore<List<Job>> {

    private static final System.Logger LOG = System.getLogger(JsonFileJobStore.class.getName());

    private JsonFileJobStore(JobsFile file, StoreLock lock, JobsFile.Loaded loaded, StoreSettings settings) {
        // What was loaded is on disk already, unless skipped records are still in the file. The
        // file lists jobs oldest first, in the order the original added them.
        super(lock, new JobTable(loaded.jobs(), false, file.describe()),
                table -> new GroupCommit<>(table::generation, table::snapshot,
                        loaded.recordsSkipped() ? -1 : table.generation(),
                        jobs -> file.write(jobs.reversed()), settings.flushInterval(), file.describe(), LOG));
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
    public static JsonFileJobStore open(Path file, StoreSettings settings) {
        Path absolute = StoreFolder.realFile(file, "jobs.json");
        JobsFile jobsFile = new JobsFile(absolute, settings.clock());
        StoreLock lock = StoreLock.acquire(absolute, jobsFile.describe());
        try {
            JobsFile.Loaded loaded = jobsFile.load();
            JsonFileJobStore store = new JsonFileJobStore(jobsFile, lock, loaded, settings);
            store.commits.start();
            return store;
        } catch (RuntimeException e) {
            lock.closeAfter(e);
            throw e;
        }
    }

    /**
     * Moves the jobs.json file at {@code file} aside to {@code <name>.<kind>-<yyyyMMdd-HHmmss>},
     * for a caller about to start anew there (a migration told to replace the file). The store's
     * lock is held meanwhile, so the file of an open store is never moved.
     *
     * @param kind  a word saying why, in the new name, such as {@code replaced}
     * @param clock the clock for the timestamp in the new name
     * @return the new path of the file, or empty if there was no file
     * @throws StoreUnavailableException if a store has the file open, or moving it fails
     */
    public static Optional<Path> moveAside(Path file, String kind, Clock clock) {
        return StoreFolder.moveStoreAside(file, "jobs.json", kind, clock, LOG);
    }

    /** How many times the file has been written since the store opened; for tests and benchmarks. */
    public long fileWrites() {
        return commits.writes();
    }
}
