package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The folder a store's file lives in, and the two things every store does there: setting a file
 * aside under a timestamped name (never deleting it), and forcing the folder's entries to disk so
 * that renames survive a power loss.
 */
final class StoreFolder {

    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path file;
    private final Clock clock;
    private final System.Logger log;
    /** Set once the platform refused to sync the folder, so that we warn only once. */
    private volatile boolean folderSyncRefused;

    /**
     * @param file  an absolute path whose folder exists (see {@link #realFile})
     * @param clock the clock for set-aside names
     * @param log   where a refused folder sync is reported
     */
    StoreFolder(Path file, Clock clock, System.Logger log) {
        this.file = file;
        this.clock = clock;
        this.log = log;
    }

    /**
     * The store file's path with its folder created and resolved, so that every alias of it (a
     * relative path, a link to the folder) names the same file and the same lock.
     *
     * @throws StoreUnavailableException if the path names no file or its folder cannot be created
     */
    static Path realFile(Path file, String exampleName) {
        Path absolute = file.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder == null || absolute.getFileName() == null) {
            throw new StoreUnavailableException("the store path " + file + " does not name a file; "
                    + "choose a --store-path such as ~/.cache/termux_extensions/" + exampleName);
        }
        try {
            Files.createDirectories(folder);
            return folder.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create the folder " + folder + " for " + absolute.getFileName()
                    + " (" + e + "); check its permissions or choose another --store-path", e);
        }
    }

    /**
     * Moves a closed store's file (and its companions) aside to {@code <name>.<kind>-<stamp>},
     * holding the store's lock meanwhile, so that the file of an open store is never moved.
     *
     * @return the new path of the file, or empty if there was no file
     * @throws StoreUnavailableException if a store has the file open, or moving it fails
     */
    static Optional<Path> moveStoreAside(Path file, String exampleName, String kind, Clock clock,
                                         System.Logger log, String... companionSuffixes) {
        Path absolute = realFile(file, exampleName);
        StoreFolder folder = new StoreFolder(absolute, clock, log);
        StoreLock lock = StoreLock.acquire(absolute, folder.describe());
        try {
            if (!Files.exists(absolute)) {
                return Optional.empty();
            }
            return Optional.of(folder.moveAside(kind, companionSuffixes));
        } catch (IOException e) {
            throw new StoreUnavailableException("could not move " + folder.describe() + " aside (" + e
                    + "); check the folder's permissions", e);
        } finally {
            lock.close();
        }
    }

    /** The file's name and full path, for messages: {@code jobs.json (/home/u/.cache/jobs.json)}. */
    String describe() {
        return file.getFileName() + " (" + file + ")";
    }

    /**
     * Moves the file to {@code <name>.<kind>-<yyyyMMdd-HHmmss>} beside it, adding {@code -1},
     * {@code -2}, ... when that name is taken; never overwrites anything. Each companion file
     * ({@code <name><suffix>}, such as SQLite's {@code jobs.db-wal}) that exists moves along, to the
     * new name plus the same suffix, so that the set stays usable together.
     *
     * @return the new path of the file
     */
    Path moveAside(String kind, String... companionSuffixes) throws IOException {
        String base = asideBase(kind);
        for (int attempt = 0; ; attempt++) {
            Path aside = file.resolveSibling(attempt == 0 ? base : base + "-" + attempt);
            if (anyExists(aside, companionSuffixes)) {
                continue;
            }
            try {
                Files.move(file, aside);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            for (String suffix : companionSuffixes) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) {
                    Files.move(companion, aside.resolveSibling(aside.getFileName() + suffix));
                }
            }
            sync();
            return aside;
        }
    }

    /**
     * Copies the file to {@code <name>.<kind>-<yyyyMMdd-HHmmss>} beside it (numbered like
     * {@link #moveAside}) and forces the copy to disk.
     *
     * @return the path of the copy
     */
    Path copyAside(String kind) throws IOException {
        String base = asideBase(kind);
        for (int attempt = 0; ; attempt++) {
            Path aside = file.resolveSibling(attempt == 0 ? base : base + "-" + attempt);
            try {
                Files.copy(file, aside);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(aside, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            sync();
            return aside;
        }
    }

    private String asideBase(String kind) {
        return file.getFileName() + "." + kind + "-"
                + ASIDE_STAMP.format(LocalDateTime.ofInstant(clock.instant(), clock.getZone()));
    }

    private static boolean anyExists(Path aside, String... companionSuffixes) {
        if (Files.exists(aside)) {
            return true;
        }
        for (String suffix : companionSuffixes) {
            if (Files.exists(aside.resolveSibling(aside.getFileName() + suffix))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Forces the folder's entries (renames) to disk. Some platforms refuse to open or sync a
     * folder; there the files' own data is still forced, and we say once what that means.
     */
    void sync() {
        Path folder = file.getParent();
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!folderSyncRefused) {
                folderSyncRefused = true;
                log.log(WARNING, "This platform refused to sync the folder " + folder + " (" + e + "); "
                        + file.getFileName() + " itself is synced on every write, but after a power loss "
                        + "right after a write the previous version may come back. Not reported again.");
            }
        }
    }
}
