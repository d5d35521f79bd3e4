package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;

import java.io.IOException;
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
 * then makes it durable. A change is <em>durable</em> (survives a crash, kill -9 or power loss)
 * once a {@link #sync()} called after it has returned: {@code sync()} waits for a write that began
 * after the change. Callers that sync at the same time share one write (group commit). Changes
 * nobody syncs are written within the {@linkplain StoreSettings#flushInterval() flush interval}
 * and on {@link #close()}; if the process ends without {@code close()}, those of the last
 * interval are lost.
 *
 * <p>A write appends the jobs that changed to {@code jobs.json.journal} and forces it to disk;
 * the journal is folded into jobs.json when it outgrows the file, after a flush interval without
 * changes, and on close, which deletes it: so after a clean stop jobs.json alone holds every job,
 * and while the registry is idle it is at most a flush interval behind. See {@link JobsJournal}
 * for the format and for what a start after a crash applies. jobs.json itself is always replaced
 * whole and crash-safely: written to {@code <name>.tmp}, forced, renamed over the file, the folder
 * forced. If a write fails (disk full, no permission), {@code sync()} throws
 * {@link StoreUnavailableException}, nothing is lost from memory, and the next write tries again.
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
 * when nothing is over the limit and O(log n) per job it removes. A durable write costs the jobs
 * that changed since the last one (one line each, one forced append for all); folding the journal
 * into jobs.json costs the whole file, and happens once per file size of changes (or when idle),
 * so it adds at most one byte written per byte of change.
 *
 * <p>A job's {@code created_at} orders the list and is fixed when it is inserted: {@link #replace}
 * refuses a job whose {@code created_at} differs from the stored one.
 */
public final class JsonFileJobStore extends TableJobStore<JobTable.ChangesAndJobs> {

    private static final System.Logger LOG = System.getLogger(JsonFileJobStore.class.getName());

    private final JobsJournal journal;

    private JsonFileJobStore(JobsFile file, JobsJournal journal, StoreLock lock, List<Job> jobs,
                             StoreSettings settings) {
        // What was loaded is on disk already (jobs.json and its journal), unless jobs.json must be
        // rewritten (records skipped, journal lines skipped): then the first tick writes it.
        super(lock, new JobTable(jobs, file.describe()), table -> {
            journal.attach(table);
            return new GroupCommit<>(table::generation, journal::capture,
                    journal.mustWriteSoon() ? -1 : table.generation(),
                    journal, settings.flushInterval(), file.describe(), LOG);
        });
        this.journal = journal;
    }

    /**
     * Opens the store on {@code file}, creating its folder if missing, and applies the journal a
     * crash left. The file itself is created by the first write; a missing file is an empty store.
     *
     * @param file     the jobs.json file, such as {@code ~/.cache/termux_extensions/jobs.json}
     * @param settings flush interval and clock
     * @throws StoreUnavailableException if another store owns the file, its folder cannot be
     *                                   created or locked, a file that cannot be fully loaded
     *                                   cannot be set aside, or the journal cannot be read
     */
    public static JsonFileJobStore open(Path file, StoreSettings settings) {
        return open(file, settings, JobsJournal.MIN_COMPACTION_BYTES);
    }

    /** As {@link #open(Path, StoreSettings)}, folding the journal in once it is larger than jobs.json and {@code minCompactionBytes}. */
    static JsonFileJobStore open(Path file, StoreSettings settings, long minCompactionBytes) {
        Path absolute = StoreFolder.realFile(file, "jobs.json");
        JobsFile jobsFile = new JobsFile(absolute, settings.clock());
        StoreLock lock = StoreLock.acquire(absolute, jobsFile.describe());
        try {
            JobsFile.Loaded loaded = jobsFile.load();
            JobsJournal journal = new JobsJournal(jobsFile, absolute, settings.clock(), minCompactionBytes);
            List<Job> jobs;
            try {
                jobs = journal.recover(loaded);
            } catch (IOException e) {
                throw new StoreUnavailableException("cannot read or repair " + absolute.getFileName() + JobsJournal.SUFFIX
                        + " beside " + jobsFile.describe() + " (" + e + "); check the folder's permissions and "
                        + "free space, then start again", e);
            }
            JsonFileJobStore store = new JsonFileJobStore(jobsFile, journal, lock, jobs, settings);
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
        return StoreFolder.moveStoreAside(file, "jobs.json", kind, clock, LOG, JobsJournal.SUFFIX);
    }

    /** Folds the journal into jobs.json, so that the file alone holds every job. */
    @Override
    void closeResources() {
        journal.close();
    }

    /**
     * How many durable writes (journal appends, or rewrites of jobs.json when the journal was due
     * to be folded in) the store has made since it opened; for tests and benchmarks.
     */
    public long fileWrites() {
        return commits.writes();
    }

    /** How many times the journal has been folded into jobs.json since the store opened; for tests and benchmarks. */
    public long compactions() {
        return journal.compactions();
    }
}
