package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The jobs.db file on disk: opening it (upgrading its schema, setting aside a corrupt one, never
 * deleting anything), loading its rows as jobs, and writing change sets to it.
 */
final class JobsDatabase implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SqliteJobStore.class.getName());
    /** The files SQLite keeps beside the database in WAL mode; they belong to it and move with it. */
    static final String[] COMPANIONS = {"-wal", "-shm"};
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private final StoreFolder folder;
    private final JobsDao dao;
    /** Changes a failed write did not store; written with the next ones. Only the writer thread uses it. */
    private ChangeSet unwritten = new ChangeSet();

    private JobsDatabase(StoreFolder folder, JobsDao dao) {
        this.folder = folder;
        this.dao = dao;
    }

    /**
     * Opens the database at {@code file} (an absolute path in a real folder, locked by the caller),
     * creating it if missing and upgrading an older schema. A file SQLite finds corrupt or not a
     * database is moved aside with its {@code -wal} and {@code -shm} files to
     * {@code <name>.corrupt-<stamp>}, with one warning, and a new database takes its place.
     *
     * @throws StoreUnavailableException if the file cannot be opened (permissions, a full disk), was
     *                                   written by a newer version of the registry, belongs to another
     *                                   program, or is corrupt and cannot be set aside
     */
    static JobsDatabase open(Path file, Clock clock) {
        StoreFolder folder = new StoreFolder(file, clock, LOG);
        try {
            return openSound(folder, file);
        } catch (CorruptDatabaseException e) {
            Path aside;
            try {
                aside = folder.moveAside("corrupt", COMPANIONS);
            } catch (IOException moveFailed) {
                throw new StoreUnavailableException(folder.describe() + " " + e.getMessage() + ", and moving it aside "
                        + "failed (" + moveFailed + "); move it (and its -wal and -shm files) away by hand, then "
                        + "start again", moveFailed);
            }
            LOG.log(WARNING, folder.describe() + " " + e.getMessage() + "; moved it (with its -wal and -shm files, if "
                    + "any) to " + aside + " and started with no jobs. Nothing was deleted: the jobs in it may be "
                    + "recovered by hand from that file (sqlite3 " + aside.getFileName() + " .recover).");
            try {
                return openSound(folder, file);
            } catch (CorruptDatabaseException again) {
                throw new StoreUnavailableException("a new " + folder.describe() + " " + again.getMessage()
                        + " right after the old one was set aside; check the disk and the folder", again);
            }
        }
    }

    /**
     * Looks at an existing file through a read-only connection first, so that a file that must be
     * refused or set aside is left exactly as it was; then opens it for writing, switches it to WAL
     * mode and upgrades its schema.
     */
    private static JobsDatabase openSound(StoreFolder folder, Path file) throws CorruptDatabaseException {
        if (hasContent(file)) {
            inspect(folder, file);
        }
        JobsDao dao;
        try {
            dao = JobsDao.connect(file);
        } catch (SQLException | RuntimeException e) {
            throw classify(folder, "cannot be opened", e);
        }
        try {
            String journalMode = dao.useWriteAheadLog();
            if (!journalMode.equalsIgnoreCase("wal")) {
                LOG.log(WARNING, folder.describe() + " could not be switched to WAL mode (journal_mode is "
                        + journalMode + "; the file system may not support it); commits stay durable, but "
                        + "readers such as the sqlite3 shell now block the registry's writes while they read");
            }
            int version = dao.schemaVersion();
            if (version < JobsDao.SCHEMA_VERSION) {
                dao.upgradeFrom(version);
            }
            return new JobsDatabase(folder, dao);
        } catch (RuntimeException e) {
            closeQuietly(dao, e);
            throw classify(folder, "cannot be opened", e);
        }
    }

    private static boolean hasContent(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return Files.exists(file);
        }
    }

    /**
     * Refuses, without writing anything, a file that is corrupt, from a newer version, or another
     * program's database.
     */
    private static void inspect(StoreFolder folder, Path file) throws CorruptDatabaseException {
        JobsDao dao;
        try {
            dao = JobsDao.inspect(file);
        } catch (SQLException | RuntimeException e) {
            throw classify(folder, "cannot be read", e);
        }
        try (dao) {
            List<String> problems = dao.quickCheck();
            if (!problems.equals(List.of("ok"))) {
                throw new CorruptDatabaseException("failed SQLite's integrity check (" + String.join("; ",
                        problems.subList(0, Math.min(3, problems.size()))) + ")", null);
            }
            int version = dao.schemaVersion();
            if (version > JobsDao.SCHEMA_VERSION) {
                throw new StoreUnavailableException(folder.describe() + " has schema version " + version
                        + ", newer than this Job Registry knows (" + JobsDao.SCHEMA_VERSION + "): a newer version "
                        + "wrote it. Run that newer version, or export the jobs with it (job-registry migrate --from "
                        + "sqlite --to json) and start this one on the jobs.json file; the database was left unchanged");
            }
            if (version == 0 && dao.hasSchemaObjects()) {
                throw new StoreUnavailableException(folder.describe() + " is an SQLite database that the Job Registry "
                        + "did not create (it has tables but no Job Registry schema version); it was left unchanged. "
                        + "Choose another --store-path");
            }
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw classify(folder, "cannot be read", e);
        }
    }

    /**
     * Every row as a job. Rows that cannot be read are skipped with one warning and left in the
     * database as they are: nothing writes to them unless a job with the same id is stored again.
     */
    List<Job> load() {
        List<JobRow> rows;
        try {
            rows = dao.selectAll();
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not read the jobs from " + folder.describe() + " (" + e
                    + "); check the file, or move it away to start empty", e);
        }
        List<Job> jobs = new ArrayList<>(rows.size());
        List<String> skipped = new ArrayList<>();
        for (JobRow row : rows) {
            try {
                jobs.add(row.toJob());
            } catch (JobRow.UnreadableRowException e) {
                skipped.add(row.id() + " (" + e.getMessage() + ")");
            }
        }
        if (!skipped.isEmpty()) {
            LOG.log(WARNING, folder.describe() + ": skipped " + skipped.size() + " row(s) that cannot be read as "
                    + "jobs: " + String.join(", ", skipped) + "; loaded the other " + jobs.size() + " job(s). The "
                    + "skipped rows stay in the database unchanged.");
        }
        return jobs;
    }

    /**
     * Writes {@code changes}, together with any that an earlier failed write did not store, in
     * one transaction. If it fails, nothing of it is stored, and the next call writes it again.
     */
    void write(ChangeSet changes) {
        ChangeSet all = unwritten;
        all.addAll(changes);
        List<JobRow> upserts = new ArrayList<>(all.upserts().size());
        for (Job job : all.upserts()) {
            upserts.add(JobRow.of(job));
        }
        List<String> deletes = new ArrayList<>(all.deletes().size());
        for (JobId id : all.deletes()) {
            deletes.add(id.value());
        }
        dao.write(upserts, deletes);
        unwritten = new ChangeSet();
    }

    /** The file's name and full path, for messages. */
    String describe() {
        return folder.describe();
    }

    /** Closes the connection. */
    @Override
    public void close() {
        dao.close();
    }

    /** SQLite says the file is not a database, or a damaged one. */
    private static final class CorruptDatabaseException extends Exception {
        CorruptDatabaseException(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    /**
     * A corrupt-database exception when SQLite's error says the file is damaged or not a database;
     * else a {@link StoreUnavailableException}, thrown as it is and leaving the file alone.
     */
    private static CorruptDatabaseException classify(StoreFolder folder, String what, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                int primary = sqlite.getResultCode().code & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    return new CorruptDatabaseException("is damaged or not an SQLite database ("
                            + sqlite.getResultCode().message + ")", failure);
                }
            }
        }
        if (failure instanceof StoreUnavailableException unavailable) {
            throw unavailable;
        }
        throw new StoreUnavailableException(folder.describe() + " " + what + " (" + failure + "); check that the "
                + "folder is writable and the disk is not full, or choose another --store-path", failure);
    }

    private static void closeQuietly(JobsDao dao, Exception failure) {
        try {
            dao.close();
        } catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
    }
}
