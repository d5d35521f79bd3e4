package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.spi.JobType;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * {@code bulk_delete}: deletes files and folders (with everything in them).
 *
 * <p>Params: {@code paths} (list), each inside the roots and existing; a root, or a folder holding
 * one, is refused. A symbolic link is deleted itself; links are never followed, so nothing outside
 * the item is touched. A file that cannot be deleted is reported and the rest goes on.
 *
 * <p>Result: {@code succeeded} ({@code path}), {@code skipped}, {@code failed} ({@code path},
 * {@code error}) with their counts, and {@code bytes} freed. Progress counts bytes of the regular
 * files deleted; a cancel stops before the next file (what is deleted stays deleted, and the
 * message says how much).
 */
@JobType("bulk_delete")
public final class BulkDeleteHandler extends FileHandler {

    @Override
    public void validate(JobParams params) throws InvalidParamsException {
        paths(params);
    }

    @Override
    public void run(JobContext context, JobParams params) throws Exception {
        List<Path> paths = paths(params);
        context.setMessage("Scanning " + Sizes.count(paths.size(), "item", "items"));
        TreeScan total = TreeScan.EMPTY;
        for (Path path : paths) {
            total = total.plus(TreeScan.of(path, context));
        }
        Progress progress = new Progress(context);
        progress.total(total.bytes());
        Outcomes outcomes = new Outcomes();
        long[] filesDone = {0};
        long totalFiles = total.fileCount();
        try {
            for (Path path : paths) {
                context.checkCancelled();
                int failuresBefore = outcomes.failedCount();
                deleteTree(path, context, progress, outcomes, () -> "Deleting " + (++filesDone[0]) + " of "
                        + totalFiles + " files");
                if (outcomes.failedCount() == failuresBefore) {
                    outcomes.succeeded(path, null, null);
                }
            }
        } catch (JobCancelledException e) {
            context.setMessage("Cancelled after deleting " + filesDone[0] + " of " + totalFiles + " files ("
                    + Sizes.human(progress.completed()) + ")");
            throw e;
        }
        progress.done();
        if (outcomes.succeededCount() == 0) {
            throw new IOException("Nothing could be deleted: " + outcomes.firstFailure());
        }
        String summary = "Deleted " + (outcomes.succeededCount() == paths.size()
                ? Sizes.count(paths.size(), "item", "items")
                : outcomes.succeededCount() + " of " + paths.size() + " items")
                + " (" + Sizes.count(filesDone[0], "file", "files") + ", " + Sizes.human(progress.completed()) + ")"
                + (outcomes.failedCount() > 0 ? "; " + outcomes.failedCount() + " could not be deleted (first: "
                + outcomes.firstFailure() + ")" : "");
        context.finish(summary, outcomes.toResult(Map.of("bytes", progress.completed())));
    }

    private List<Path> paths(JobParams params) throws InvalidParamsException {
        List<String> raw = params.stringList("paths");
        if (raw.isEmpty()) {
            throw new InvalidParamsException("params.paths must list at least one file or folder");
        }
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String param = "params.paths[" + i + "]";
            Path path = guard().resolveItem(param, raw.get(i));
            try {
                if (PathGuard.lstat(path) == null) {
                    throw new InvalidParamsException(param + " (" + raw.get(i) + ") does not exist");
                }
            } catch (IOException e) {
                throw new InvalidParamsException(param + " (" + path + ") cannot be examined: " + IoErrors.describe(e));
            }
            if (path.getFileName() == null || guard().holdsRoot(path)) {
                throw new InvalidParamsException(param + " (" + path + ") is an allowed root or holds one ("
                        + guard().rootsText() + "); it cannot be deleted");
            }
            paths.add(path);
        }
        return List.copyOf(paths);
    }

    /** Deletes {@code root} depth first without following links; failures are recorded and the rest goes on. */
    private static void deleteTree(Path root, JobContext context, Progress progress, Outcomes outcomes,
                                   java.util.function.Supplier<String> narrator)
            throws IOException, JobCancelledException {
        try {
            Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new FileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (context.isCancelRequested()) {
                        throw new TreeScan.CancelledWalk();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (context.isCancelRequested()) {
                        throw new TreeScan.CancelledWalk();
                    }
                    boolean counted = attributes.isRegularFile() || attributes.isSymbolicLink();
                    if (counted) {
                        progress.item(file.getFileName().toString(), narrator.get());
                    }
                    try {
                        Files.delete(file);
                        if (attributes.isRegularFile()) {
                            progress.written(attributes.size());
                        }
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
                    try {
                        Files.delete(dir);
                    } catch (DirectoryNotEmptyException e) {
                        // something inside could not be deleted, and is reported already
                    } catch (IOException e) {
                        outcomes.failed(dir, IoErrors.describe(e));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (TreeScan.CancelledWalk e) {
            throw new JobCancelledException();
        }
    }
}
