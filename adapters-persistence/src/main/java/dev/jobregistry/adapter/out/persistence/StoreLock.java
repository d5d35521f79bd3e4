package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.port.out.StoreUnavailableException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes one store the single owner of its file ({@code jobs.json}, {@code jobs.db}): an exclusive
 * lock on {@code <name>.lock} beside it, holding the owner's process id so that a refused second
 * owner can say who has it. The operating system drops the lock when the owner dies, even by kill -9.
 */
final class StoreLock implements AutoCloseable {

    /**
     * Lock files held in this JVM. File locks belong to the whole process, and on some systems
     * closing any channel to a locked file drops the process's lock, so a second store in the same
     * JVM is refused here, before it opens a channel at all.
     */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path lockFile, FileChannel channel, FileLock lock) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code file} (an absolute path in an existing, real folder).
     *
     * @param describe how messages name the file, such as {@code jobs.json (/path/jobs.json)}
     * @throws StoreUnavailableException if another store, in this process or another, owns the file,
     *                                   or the lock file cannot be created
     */
    static StoreLock acquire(Path file, String describe) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        long ourPid = ProcessHandle.current().pid();
        if (!HELD_IN_THIS_JVM.add(lockFile)) {
            throw inThisProcess(describe, ourPid);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldByThisJvm) {
                // Another class loader in this JVM has it: HELD_IN_THIS_JVM is per class loader.
                throw inThisProcess(describe, ourPid);
            }
            if (lock == null) {
                throw new StoreUnavailableException(describe + " is in use by another Job Registry (pid "
                        + ownerPid(channel) + "); stop that one or choose another --store-path");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ourPid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new StoreLock(lockFile, channel, lock);
        } catch (IOException e) {
            closeAfterFailure(channel, lockFile);
            throw new StoreUnavailableException("cannot lock " + describe + " through " + lockFile + " (" + e
                    + "); check that its folder is writable, or choose another --store-path", e);
        } catch (RuntimeException e) {
            closeAfterFailure(channel, lockFile);
            throw e;
        }
    }

    private static StoreUnavailableException inThisProcess(String describe, long pid) {
        return new StoreUnavailableException(describe + " is in use by another Job Registry store in this process (pid "
                + pid + "); close that one first or choose another --store-path");
    }

    /** The pid the owner wrote, or "unknown" if it cannot be read (some systems forbid reading a locked file). */
    private static String ownerPid(FileChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        try {
            channel.read(buffer, 0);
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
        String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        return pid.isEmpty() ? "unknown" : pid;
    }

    private static void closeAfterFailure(FileChannel channel, Path lockFile) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            System.getLogger(StoreLock.class.getName()).log(System.Logger.Level.WARNING,
                    "could not close " + lockFile + " after failing to lock it", e);
        } finally {
            HELD_IN_THIS_JVM.remove(lockFile);
        }
    }

    /**
     * Releases the lock after opening the store failed with {@code failure}; a failure to release
     * is added to it rather than hiding it.
     */
    void closeAfter(RuntimeException failure) {
        try {
            close();
        } catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
    }

    /** Clears the pid and releases the lock; the lock file stays, empty, for the next owner. */
    @Override
    public void close() {
        try (channel) {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            throw new StoreUnavailableException("could not release the lock on " + lockFile + " (" + e
                    + "); it is released when this process ends", e);
        } finally {
            HELD_IN_THIS_JVM.remove(lockFile);
        }
    }
}
