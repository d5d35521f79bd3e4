package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Jobs kept in an SQLite database ({@code jobs.db}), one row per job in a {@code jobs} table.
 * For users who want their job history in a database they can query and back up with the usual
 * SQLite tools; the jobs.json store is the one the original registry reads.
 *
 * <h2>Durability</h2>
 * Like the jobs.json store, all jobs live in memory and reads never touch the disk. A write
 * ({@link #insert}, {@link #replace}, {@link #deleteFinished}, {@link #pruneFinished}) changes
 * memory and returns; one writer thread then writes the rows that changed since its last write
 * (upserts and deletes, many changes to one job collapsed into one) in <em>one</em> transaction.
 * A change is <em>durable</em> (survives a crash, kill -9 or power loss) once a {@link #sync()}
 * called after it has returned: {@code sync()} waits for a transaction that began after the
 * change. Callers that sync at the same time share one transaction (group commit). Changes nobody
 * syncs (progress, a job's start and end) are written within the
 * {@linkplain StoreSettings#flushInterval() flush interval} and on {@link #close()}.
 *
 * <p>The database runs in WAL mode with {@code synchronous=FULL}, so a commit forces the log to
 * disk before it returns; writes are {@code BEGIN IMMEDIATE} transactions with a busy timeout
 * (see {@code JobsDao}). Readers such as the {@code sqlite3} shell never block the writer. If a
 * transaction fails (disk full), {@code sync()} throws {@link StoreUnavailableException}, nothing
 * of it is stored, nothing is lost from memory, and the next write stores it with the newer changes.
 *
 * <h2>Opening</h2>
 * The store owns its file alone, exactly as the jobs.json store does: {@code <name>.lock} beside it
 * names the owner's pid, and a second store on the same file, in this process or another, is
 * refused. The schema is versioned ({@code PRAGMA user_version}) and an older one is upgraded on
 * open; a newer one is refused and left as it is. A file that SQLite finds damaged or not a
 * database is moved aside with its {@code -wal} and {@code -shm} files to
 * {@code <name>.corrupt-<yyyyMMdd-HHmmss>}, one warning is logged, and the store starts empty.
 * Rows that cannot be read as jobs are skipped with one warning and left in the file. The store
 * loads jobs as they are: turning unfinished jobs into failed ones after a restart is the
 * application's job.
 *
 * <h2>Columns</h2>
 * {@code params}, {@code result} and {@code progress} are JSON text, written by the same rules as
 * jobs.json; times are whole nanoseconds since the epoch ({@code created_at_ns}), so every
 * fraction survives. That holds times from {@value JobRow#TIME_RANGE}; {@link #insert} and
 * {@link #replace} refuse a job with a time outside it.
 */
public final class SqliteJobStore extends TableJobStore<ChangeSet> {

    private static final System.Logger LOG = System.getLogger(SqliteJobStore.class.getName());

    private final JobsDatabase database;

    private SqliteJobStore(StoreLock lock, JobsDatabase database, List<Job> loaded, StoreSettings settings) {
        super(lock, new JobTable(loaded, database.describe()),
                table -> new GroupCommit<>(table::generation, table::takeChanges, table.generation(),
                        database::write, settings.flushInterval(), database.describe(), LOG));
        this.database = database;
    }

    /**
     * Opens the store on {@code file}, creating its folder and an empty database if missing.
     *
     * @param file     the database file, such as {@code ~/.cache/termux_extensions/jobs.db}
     * @param settings flush interval and clock
     * @throws StoreUnavailableException if another store owns the file, its folder cannot be
     *                                   created or locked, the database cannot be opened, has a
     *                                   newer schema or belongs to another program, or is corrupt
     *                                   and cannot be set aside
     */
    public static SqliteJobStore open(Path file, StoreSettings settings) {
        Path absolute = StoreFolder.realFile(file, "jobs.db");
        StoreLock lock = StoreLock.acquire(absolute, absolute.getFileName() + " (" + absolute + ")");
        try {
            JobsDatabase database = JobsDatabase.open(absolute, settings.clock());
            try {
                SqliteJobStore store = new SqliteJobStore(lock, database, database.load(), settings);
                store.commits.start();
                return store;
            } catch (RuntimeException e) {
                try {
                    database.close();
                } catch (RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
        } catch (RuntimeException e) {
            lock.closeAfter(e);
            throw e;
        }
    }

    /**
     * Moves the database at {@code file}, with its {@code -wal} and {@code -shm} files, aside to
     * {@code <name>.<kind>-<yyyyMMdd-HHmmss>}, for a caller about to start anew there (a
     * migration told to replace it). The store's lock is held meanwhile, so the database of an
     * open store is never moved.
     *
     * @param kind  a word saying why, in the new name, such as {@code replaced}
     * @param clock the clock for the timestamp in the new name
     * @return the new path of the database, or empty if there was none
     * @throws StoreUnavailableException if a store has the database open, or moving it fails
     */
    public static Optional<Path> moveAside(Path file, String kind, Clock clock) {
        return StoreFolder.moveStoreAside(file, "jobs.db", kind, clock, LOG, JobsDatabase.COMPANIONS);
    }

    /** SQLite keeps times as epoch nanoseconds: a job with a time outside {@value JobRow#TIME_RANGE} is refused. */
    @Override
    void checkStorable(Job job) {
        JobRow.checkStorable(job);
    }

    @Override
    void closeResources() {
        database.close();
    }

    /** How many transactions the writer has committed since the store opened; for tests and benchmarks. */
    public long transactions() {
        return commits.writes();
    }
}
