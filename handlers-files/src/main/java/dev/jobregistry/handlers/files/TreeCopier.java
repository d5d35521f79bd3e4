package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies one item (a file, a link or a whole folder) to a new place, for {@code bulk_copy} and for
 * {@code bulk_move} across file systems. Links are copied as links, never followed; permissions
 * and modification times are kept (folders get theirs once all their content is in, deepest
 * first). Regular files go through {@link FileCopier}, a few at a time on worker threads: a tree
 * of many small files is bound by per-file latency, which one thread cannot hide. A file that
 * cannot be copied is recorded in {@link Outcomes} and the copy goes on with the rest.
 *
 * <p>When moving, each source file is deleted as soon as its copy is complete, and each source
 * folder once it is empty, so an interruption at any moment leaves every file in one place or the
 * other (or both), never in neither.
 *
 * <p>{@link #copy} returns, normally or not, only once every file it started is finished or
 * cleaned up: after a cancel no partial file remains.
 */
final class TreeCopier implements AutoCloseable {

    /** Says what is happening, for the job's message: "Copying 3 of 120 files to Backup". */
    @FunctionalInterface
    interface Narrator {
        String message(long fileNumber);
    }

    /** Files copied at once: enough to hide per-file latency, few enough not to thrash a disk. */
    static final int WORKERS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** Small files go to a worker together, so that handing work over costs little per file. */
    static final int BATCH_FILES = 32;
    static final long BATCH_BYTES = 4L << 20;

    private record Folder(Path source, Path target, FileMeta meta) {
    }

    private record FileCopy(Path source, Path target, FileMeta meta) {
    }

    private final JobContext context;
    private final FileCopier copier;
    private final Progress progress;
    private final Outcomes outcomes;
    private final Narrator narrator;
    private final boolean deleteSources;
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesComplete = new AtomicLong();
    private final Semaphore slots = new Semaphore(WORKERS);
    private ExecutorService workers;
    private List<FileCopy> batch = new ArrayList<>();
    private long batchBytes;

    /**
     * @param deleteSources true to move: delete each source once its copy is complete
     */
    TreeCopier(JobContext context, FileCopier copier, Progress progress, Outcomes outcomes, Narrator narrator,
               boolean deleteSources) {
        this.context = context;
        this.copier = copier;
        this.progress = progress;
        this.outcomes = outcomes;
        this.narrator = narrator;
        this.deleteSources = deleteSources;
    }

    /** Files and links complete in their new place so far, by every call. */
    long filesComplete() {
        return filesComplete.get();
    }

    /**
     * Copies {@code source} to {@code target}.
     *
     * @param merge true to merge into (and replace within) what is at {@code target}; false when
     *              {@code target} must be free
     * @return whether everything in {@code source} got there
     */
    boolean copy(Path source, Path target, boolean merge) throws IOException, JobCancelledException {
        int failuresBefore = outcomes.failedCount();
        List<Folder> folders = new ArrayList<>();
        FileCopier.Placement placement = merge ? FileCopier.Placement.REPLACE_EXISTING : FileCopier.Placement.NEW;
        AtomicBoolean cancelled = new AtomicBoolean();
        try {
            Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new FileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    checkCancelled(cancelled);
                    Path to = target.resolve(source.relativize(dir));
                    try {
                        prepareFolder(to, merge);
                        folders.add(new Folder(dir, to, FileMeta.of(dir, attributes)));
                        return FileVisitResult.CONTINUE;
                    } catch (IOException e) {
                        outcomes.failed(dir, IoErrors.describe(e));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    checkCancelled(cancelled);
                    Path to = target.resolve(source.relativize(file));
                    try {
                        if (attributes.isRegularFile()) {
                            startCopy(file, attributes, to, placement, cancelled);
                        } else if (attributes.isSymbolicLink()) {
                            progress.item(file.getFileName().toString(), narrator.message(filesDone.incrementAndGet()));
                            FileCopier.placeLink(to, Files.readSymbolicLink(file), FileMeta.of(file, attributes),
                                    placement);
                            filesComplete.incrementAndGet();
                            if (deleteSources) {
                                Files.delete(file);
                            }
                        } else {
                            outcomes.skipped(file, "not a regular file, folder or link (a device, pipe or socket);"
                                    + " left alone");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new TreeScan.CancelledWalk();
                    } catch (IOException e) {
                        outcomes.failed(file, IoErrors.describe(e));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    outcomes.failed(file, IoErrors.describe(e));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException error) {
                    return FileVisitResult.CONTINUE; // folders are finished once all their files are in
                }
            });
            flush(placement, cancelled);
        } catch (TreeScan.CancelledWalk e) {
            cancelled.set(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.set(true);
        } finally {
            batch = new ArrayList<>();
            batchBytes = 0;
            awaitWorkers();
        }
        if (cancelled.get()) {
            throw new JobCancelledException(); // a cancel request seen midway; one after the last file changes nothing
        }
        finishFolders(folders);
        return outcomes.failedCount() == failuresBefore;
    }

    /** Stops the worker threads (after {@link #copy} has waited for their work). */
    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** Queues a regular file; a batch goes to a worker once it is big enough. */
    private void startCopy(Path file, BasicFileAttributes attributes, Path to, FileCopier.Placement placement,
                           AtomicBoolean cancelled) throws IOException, InterruptedException {
        batch.add(new FileCopy(file, to, FileMeta.of(file, attributes)));
        batchBytes += attributes.size();
        if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
            flush(placement, cancelled);
        }
    }

    /** Hands the queued files to a worker, waiting for a free one. */
    private void flush(FileCopier.Placement placement, AtomicBoolean cancelled) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<FileCopy> files = batch;
        batch = new ArrayList<>();
        batchBytes = 0;
        slots.acquire();
        try {
            workers().execute(() -> {
                try {
                    for (FileCopy file : files) {
                        if (cancelled.get() || context.isCancelRequested()) {
                            cancelled.set(true);
                            return;
                        }
                        copyOne(file, placement, cancelled);
                    }
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private void copyOne(FileCopy file, FileCopier.Placement placement, AtomicBoolean cancelled) {
        try {
            progress.item(file.source().getFileName().toString(), narrator.message(filesDone.incrementAndGet()));
            copier.copyFile(file.source(), file.target(), placement, file.meta(), progress);
            filesComplete.incrementAndGet();
            if (deleteSources) {
                Files.delete(file.source());
            }
        } catch (JobCancelledException e) {
            cancelled.set(true);
        } catch (IOException | RuntimeException e) {
            outcomes.failed(file.source(), IoErrors.describe(e));
        }
    }

    private ExecutorService workers() {
        if (workers == null) {
            workers = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().name("file-copy-", 0).daemon().factory());
        }
        return workers;
    }

    /** Waits until no copy is running (a cancelled one has removed its partial file by then). */
    private void awaitWorkers() {
        slots.acquireUninterruptibly(WORKERS);
        slots.release(WORKERS);
    }

    /** Gives each folder its permissions and time, deepest first; when moving, removes the emptied sources. */
    private void finishFolders(List<Folder> folders) {
        for (int i = folders.size() - 1; i >= 0; i--) {
            Folder folder = folders.get(i);
            try {
                folder.meta().applyTo(folder.target(), false);
                if (deleteSources) {
                    Files.delete(folder.source());
                }
            } catch (DirectoryNotEmptyException e) {
                // something inside failed or was skipped, and is reported already
            } catch (IOException e) {
                outcomes.failed(folder.source(), IoErrors.describe(e));
            }
        }
    }

    /** Makes {@code to} a folder: creates it, or (merging) keeps a folder there and replaces a file or link. */
    private static void prepareFolder(Path to, boolean merge) throws IOException {
        BasicFileAttributes existing = PathGuard.lstat(to);
        if (existing == null) {
            Files.createDirectory(to);
        } else if (!merge) {
            throw new FileAlreadyExistsException(to.toString());
        } else if (!existing.isDirectory()) {
            Files.delete(to); // a file or a link (never followed) where a folder goes
            Files.createDirectory(to);
        }
    }

    private void checkCancelled(AtomicBoolean cancelled) throws TreeScan.CancelledWalk {
        if (cancelled.get() || context.isCancelRequested()) {
            throw new TreeScan.CancelledWalk();
        }
    }
}
