package dev.jobregistry.adapter.out.persistence;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Every SQL statement of the SQLite store, over one connection. Not thread-safe: the thread that
 * opens the store uses it first, then only the store's writer thread.
 *
 * <p>The store's connection is set up for one writer that never loses a committed transaction:
 * <ul>
 *   <li>{@code journal_mode=WAL}: readers (the {@code sqlite3} shell, a backup) never block the
 *       writer, and the writer never blocks them;</li>
 *   <li>{@code synchronous=FULL}: every commit forces the write-ahead log to disk, so a commit
 *       that returned survives a power loss, not only a crash of this process. {@code NORMAL}
 *       would skip that force and could lose the last commits on power loss: a 202 that was
 *       not durable. Group commit makes the price, one fsync per commit, shared by every request
 *       waiting at that moment;</li>
 *   <li>writes run in {@code BEGIN IMMEDIATE} transactions, which take the write lock when they
 *       begin (waiting for it up to the busy timeout) instead of failing with {@code SQLITE_BUSY} at
 *       their first write, as a {@code DEFERRED} transaction upgrading to a write does;</li>
 *   <li>a busy timeout of {@value #BUSY_TIMEOUT_MILLIS} ms, for the moments another program holds
 *       the write lock.</li>
 * </ul>
 */
final class JobsDao implements AutoCloseable {

    static final int BUSY_TIMEOUT_MILLIS = 5_000;

    /**
     * The schema, one step per version: step {@code i} upgrades a database at version {@code i} to
     * version {@code i + 1}. Add steps; never change one that has shipped.
     */
    private static final List<List<String>> UPGRADES = List.of(
            List.of("""
                    CREATE TABLE jobs (
                        id               TEXT    NOT NULL PRIMARY KEY,
                        type             TEXT    NOT NULL,
                        params           TEXT    NOT NULL,  -- JSON object
                        status           TEXT    NOT NULL
                                         CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
                        message          TEXT,
                        progress         TEXT,              -- JSON object or NULL
                        result           TEXT,              -- JSON object or NULL
                        error            TEXT,
                        cancel_requested INTEGER NOT NULL CHECK (cancel_requested IN (0, 1)),
                        created_at_ns    INTEGER NOT NULL,  -- nanoseconds since 1970-01-01 UTC
                        started_at_ns    INTEGER,
                        finished_at_ns   INTEGER
                    ) STRICT
                    """));

    /** The schema version this code writes. */
    static final int SCHEMA_VERSION = UPGRADES.size();

    private static final String SELECT_ALL = """
            SELECT id, type, params, status, message, progress, result, error, cancel_requested,
                   created_at_ns, started_at_ns, finished_at_ns
              FROM jobs
            """;

    private static final String UPSERT = """
            INSERT INTO jobs (id, type, params, status, message, progress, result, error, cancel_requested,
                              created_at_ns, started_at_ns, finished_at_ns)
            VALUES (:id, :type, :params, :status, :message, :progress, :result, :error, :cancel_requested,
                    :created_at_ns, :started_at_ns, :finished_at_ns)
            ON CONFLICT (id) DO UPDATE SET
                type = excluded.type,
                params = excluded.params,
                status = excluded.status,
                message = excluded.message,
                progress = excluded.progress,
                result = excluded.result,
                error = excluded.error,
                cancel_requested = excluded.cancel_requested,
                created_at_ns = excluded.created_at_ns,
                started_at_ns = excluded.started_at_ns,
                finished_at_ns = excluded.finished_at_ns
            """;

    private static final String DELETE = """
            DELETE FROM jobs WHERE id = :id
            """;

    private final Handle handle;

    private JobsDao(Handle handle) {
        this.handle = handle;
    }

    /**
     * Opens a connection to {@code file} (creating an empty database if there is none) with the
     * busy timeout and {@code synchronous=FULL}; {@link #useWriteAheadLog()} switches the file to WAL.
     *
     * @throws SQLException if SQLite cannot open the file, or it is not a database
     */
    static JobsDao connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return new JobsDao(Jdbi.open(config.createConnection("jdbc:sqlite:" + file)));
    }

    /**
     * Opens a read-only connection to an existing {@code file}, to look at it before anything
     * writes to it: a read-only connection never checkpoints or deletes the write-ahead log, so a
     * file found corrupt can be set aside exactly as it was.
     *
     * @throws SQLException if SQLite cannot open the file, or it is not a database
     */
    static JobsDao inspect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return new JobsDao(Jdbi.open(config.createConnection("jdbc:sqlite:" + file)));
    }

    /**
     * {@code PRAGMA journal_mode = WAL}; the mode stays with the file.
     *
     * @return the journal mode now: {@code wal}, unless the file system cannot do it
     */
    String useWriteAheadLog() {
        return handle.createQuery("PRAGMA journal_mode = WAL").mapTo(String.class).one();
    }

    /** {@code PRAGMA user_version}: the schema version the file is at; 0 for a new database. */
    int schemaVersion() {
        return handle.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
    }

    /** Whether the database holds any table, view, index or trigger. */
    boolean hasSchemaObjects() {
        return handle.createQuery("SELECT count(*) FROM sqlite_schema").mapTo(Integer.class).one() > 0;
    }

    /** {@code PRAGMA journal_mode}: {@code wal} once WAL mode is on. */
    String journalMode() {
        return handle.createQuery("PRAGMA journal_mode").mapTo(String.class).one();
    }

    /** {@code PRAGMA quick_check}: {@code ["ok"]} for a sound database, else what is wrong. */
    List<String> quickCheck() {
        return handle.createQuery("PRAGMA quick_check").mapTo(String.class).list();
    }

    /** Upgrades the schema from version {@code from} to {@link #SCHEMA_VERSION} in one write transaction. */
    void upgradeFrom(int from) {
        inWriteTransaction(() -> {
            for (int version = from; version < SCHEMA_VERSION; version++) {
                for (String statement : UPGRADES.get(version)) {
                    handle.execute(statement);
                }
            }
            // A pragma takes no bound parameters; the version is a number this class chose.
            handle.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        });
    }

    /** Every row of the jobs table, in no particular order. */
    List<JobRow> selectAll() {
        return handle.createQuery(SELECT_ALL).map((rows, context) -> row(rows)).list();
    }

    /** Inserts or updates {@code upserts} and deletes the rows with {@code deletes}' ids, in one write transaction. */
    void write(Collection<JobRow> upserts, Collection<String> deletes) {
        inWriteTransaction(() -> {
            if (!upserts.isEmpty()) {
                PreparedBatch batch = handle.prepareBatch(UPSERT);
                for (JobRow row : upserts) {
                    batch.bind("id", row.id())
                            .bind("type", row.type())
                            .bind("params", row.params())
                            .bind("status", row.status())
                            .bind("message", row.message())
                            .bind("progress", row.progress())
                            .bind("result", row.result())
                            .bind("error", row.error())
                            .bind("cancel_requested", row.cancelRequested() ? 1 : 0)
                            .bind("created_at_ns", row.createdAtNs())
                            .bind("started_at_ns", row.startedAtNs())
                            .bind("finished_at_ns", row.finishedAtNs())
                            .add();
                }
                batch.execute();
            }
            if (!deletes.isEmpty()) {
                PreparedBatch batch = handle.prepareBatch(DELETE);
                for (String id : deletes) {
                    batch.bind("id", id).add();
                }
                batch.execute();
            }
        });
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction, and commits it, or rolls it back
     * if {@code work} or the commit fails. Written out rather than through JDBC's auto-commit
     * switch: the driver begins the next transaction as soon as one commits, which would hold
     * the write lock between writes.
     */
    private void inWriteTransaction(Runnable work) {
        handle.execute("BEGIN IMMEDIATE");
        try {
            work.run();
            handle.execute("COMMIT");
        } catch (RuntimeException e) {
            try {
                handle.execute("ROLLBACK");
            } catch (RuntimeException rollbackFailed) {
                // SQLite may have rolled back by itself (for some I/O errors it does); the first failure says why.
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
    }

    private static JobRow row(ResultSet rows) throws SQLException {
        return new JobRow(
                rows.getString("id"),
                rows.getString("type"),
                rows.getString("params"),
                rows.getString("status"),
                rows.getString("message"),
                rows.getString("progress"),
                rows.getString("result"),
                rows.getString("error"),
                rows.getInt("cancel_requested") != 0,
                rows.getLong("created_at_ns"),
                nullableLong(rows, "started_at_ns"),
                nullableLong(rows, "finished_at_ns"));
    }

    private static Long nullableLong(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    /** Closes the connection; SQLite checkpoints the write-ahead log into the database when the last one closes. */
    @Override
    public void close() {
        handle.close();
    }
}
