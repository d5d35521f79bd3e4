package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;

/**
 * Copies one item (a file, a link or a whole folder) to a new place, for {@code bulk_copy} and for
 * {@code bulk_move} across file systems. Links are copied as links, never followed; permissions
 * and modification times are kept (a folder gets its own once its content is in). Regular files go
 * through {@link FileCopier}. A file that cannot be copied is recorded in {@link Outcomes} and the
 * copy goes on with the rest.
 *
 * <p>When moving, each source file is deleted as soon as its copy is complete, and each source
 * folder once it is empty, so an interruption at any moment leaves every file in one place or the
 * other (or both), never in neither.
 */
final class TreeCopier {

    /** Says what is happening, for the job's message: "Copying 3 of 120 files to Backup". */
    @FunctionalInterface
    interface Narrator {
        String message(long fileNumber);
    }

    private final JobContext context;
    private final FileCopier copier;
    private final Progress progress;
    private final Outcomes outcomes;
    private final Narrator narrator;
    private final boolean deleteSources;
    private long filesDone;

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

    /** Files and links handled so far, by every call. */
    long filesDone() {
        return filesDone;
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
        Deque<FileMeta> folders = new ArrayDeque<>();
        FileCopier.Placement placement = merge ? FileCopier.Placement.REPLACE_EXISTING : FileCopier.Placement.NEW;
        try {
            Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new FileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    checkCancelled();
                    Path to = target.resolve(source.relativize(dir));
                    try {
                        prepareFolder(to, merge);
                        folders.push(FileMeta.of(dir, attributes));
                        return FileVisitResult.CONTINUE;
                    } catch (IOException e) {
                        outcomes.failed(dir, IoErrors.describe(e));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    checkCancelled();
                    Path to = target.resolve(source.relativize(file));
                    try {
                        copyOne(file, attributes, to, placement);
                    } catch (JobCancelledException e) {
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
                    Path to = target.resolve(source.relativize(dir));
                    try {
                        folders.pop().applyTo(to, false);
                        if (deleteSources && error == null) {
                            Files.delete(dir);
                        }
                    } catch (IOException e) {
                        if (!(e instanceof java.nio.file.DirectoryNotEmptyException)) {
                            outcomes.failed(dir, IoErrors.describe(e));
                        } // not empty: something inside failed or was skipped, and is reported already
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (TreeScan.CancelledWalk e) {
            throw new JobCancelledException();
        }
        return outcomes.failedCount() == failuresBefore;
    }

    private void copyOne(Path file, BasicFileAttributes attributes, Path to, FileCopier.Placement placement)
            throws IOException, JobCancelledException {
        if (attributes.isRegularFile()) {
            filesDone++;
            progress.item(file.getFileName().toString(), narrator.message(filesDone));
            copier.copyFile(file, to, placement, FileMeta.of(file, attributes), progress);
        } else if (attributes.isSymbolicLink()) {
            filesDone++;
            FileCopier.placeLink(to, Files.readSymbolicLink(file), FileMeta.of(file, attributes), placement);
        } else {
            outcomes.skipped(file, "not a regular file, folder or link (a device, pipe or socket); left alone");
            return;
        }
        if (deleteSources) {
            Files.delete(file);
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

    private void checkCancelled() throws TreeScan.CancelledWalk {
        if (context.isCancelRequested()) {
            throw new TreeScan.CancelledWalk();
        }
    }
}
