package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code bulk_copy} or {@code bulk_move} job: scan the sources for the byte total, then take
 * the items one by one into the destination, applying the conflict policy to each item's name.
 * A move is a rename when source and destination share a file system and a copy that deletes each
 * source file once its copy is complete when they do not.
 */
final class BulkTransfer {

    private final JobContext context;
    private final TransferRequest request;
    private final boolean move;
    private final Progress progress;
    private final Outcomes outcomes = new Outcomes();
    private final TreeCopier trees;
    private final String verb;
    private long totalFiles;
    private long totalBytes;
    private boolean copiedAcross;

    BulkTransfer(JobContext context, TransferRequest request, boolean move) {
        this.context = context;
        this.request = request;
        this.move = move;
        this.progress = new Progress(context);
        this.verb = move ? "Moving" : "Copying";
        String into = request.destination().getFileName() != null
                ? request.destination().getFileName().toString() : request.destination().toString();
        this.trees = new TreeCopier(context, new FileCopier(context), progress, outcomes,
                n -> verb + " " + n + " of " + totalFiles + " files to " + into, move);
    }

    /** Does the work and finishes the job; throws when nothing at all could be done. */
    void run() throws IOException, JobCancelledException {
        context.setMessage("Scanning " + Sizes.count(request.sources().size(), "item", "items"));
        List<TreeScan> scans = new ArrayList<>();
        TreeScan total = TreeScan.EMPTY;
        for (Path source : request.sources()) {
            TreeScan scan = TreeScan.of(source, context);
            scans.add(scan);
            total = total.plus(scan);
        }
        totalFiles = total.fileCount();
        totalBytes = total.bytes();
        progress.total(total.bytes());
        Files.createDirectories(request.destination());
        try (trees) {
            for (int i = 0; i < request.sources().size(); i++) {
                context.checkCancelled();
                transfer(request.sources().get(i), scans.get(i));
            }
        } catch (JobCancelledException e) {
            context.setMessage("Cancelled after " + (move ? "moving " : "copying ") + doneSoFar()
                    + (move ? "; nothing was lost: what was moved is in " + request.destination()
                    + ", the rest is where it was" : "; the file being copied was removed"));
            throw e;
        }
        progress.done();
        if (outcomes.succeededCount() == 0 && outcomes.failedCount() > 0) {
            throw new IOException("Nothing could be " + (move ? "moved" : "copied") + " to " + request.destination()
                    + ": " + outcomes.firstFailure());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("destination", request.destination().toString());
        extra.put("bytes", progress.completed());
        context.finish(summary(), outcomes.toResult(extra));
    }

    private void transfer(Path source, TreeScan scan) throws IOException, JobCancelledException {
        Path target = request.destination().resolve(source.getFileName());
        BasicFileAttributes existing = PathGuard.lstat(target);
        boolean merge = false;
        if (move && target.equals(source)) {
            outcomes.skipped(source, "already in " + request.destination());
            progress.passed(scan.bytes());
            return;
        }
        if (existing != null) {
            switch (request.conflict()) {
                case SKIP -> {
                    outcomes.skipped(source, target + " already exists");
                    progress.passed(scan.bytes());
                    return;
                }
                case RENAME -> target = FreeName.next(target);
                case FAIL -> throw new IOException(target + " already exists and options.conflict is fail; stopped after "
                        + (move ? "moving " : "copying ") + doneSoFar());
                case OVERWRITE -> {
                    BasicFileAttributes sourceAttributes = FileMeta.read(source);
                    if (target.equals(source) || (!sourceAttributes.isSymbolicLink() && !existing.isSymbolicLink()
                            && Files.isSameFile(source, target))) {
                        outcomes.failed(source, "source and target are the same file; use options.conflict rename"
                                + " to make a copy");
                        progress.passed(scan.bytes());
                        return;
                    }
                    if (!sourceAttributes.isDirectory() && existing.isDirectory()) {
                        outcomes.failed(source, "cannot replace the folder " + target + " with a file");
                        progress.passed(scan.bytes());
                        return;
                    }
                    merge = true;
                }
            }
        }
        progress.item(source.getFileName().toString(), verb + " " + source.getFileName() + " to " + request.destination());
        copiedAcross = false;
        int failuresBefore = outcomes.failedCount();
        try {
            boolean complete = move ? moveItem(source, target, merge, scan.bytes()) : trees.copy(source, target, merge);
            if (complete) {
                outcomes.succeeded(source, target, move ? (copiedAcross ? "copied then deleted" : "renamed") : null);
            }
        } catch (IOException e) {
            if (outcomes.failedCount() == failuresBefore) {
                outcomes.failed(source, IoErrors.describe(e));
            }
        }
    }

    /**
     * Moves {@code source} ({@code bytes} in its regular files) to {@code target}; {@code merge}
     * when something is there to merge into or replace.
     */
    private boolean moveItem(Path source, Path target, boolean merge, long bytes)
            throws IOException, JobCancelledException {
        context.checkCancelled();
        BasicFileAttributes there = merge ? PathGuard.lstat(target) : null;
        if (there == null) {
            return rename(source, target, false, bytes);
        }
        BasicFileAttributes sourceAttributes = FileMeta.read(source);
        if (sourceAttributes.isDirectory() && there.isDirectory()) {
            boolean complete = true;
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(source)) {
                stream.forEach(children::add);
            }
            for (Path child : children) {
                Path childTarget = target.resolve(child.getFileName());
                complete &= moveItem(child, childTarget, PathGuard.lstat(childTarget) != null,
                        TreeScan.of(child, context).bytes());
            }
            if (complete) {
                Files.delete(source);
            }
            return complete;
        }
        if (sourceAttributes.isDirectory()) {
            Files.delete(target); // a file or link (not followed) where the folder goes
            return rename(source, target, false, bytes);
        }
        if (there.isDirectory()) {
            outcomes.failed(source, "cannot replace the folder " + target + " with a file");
            return false;
        }
        return rename(source, target, true, bytes);
    }

    /** Renames within a file system (replacing a file or link when asked), or copies then deletes across. */
    private boolean rename(Path source, Path target, boolean replace, long bytes)
            throws IOException, JobCancelledException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            progress.passed(bytes);
            return true;
        } catch (AtomicMoveNotSupportedException e) {
            copiedAcross = true;
            return trees.copy(source, target, replace);
        }
    }

    private String doneSoFar() {
        return Sizes.human(progress.completed()) + " of " + Sizes.human(totalBytes) + " (" + trees.filesComplete()
                + " of " + totalFiles + " files complete)";
    }

    private String summary() {
        String done = move ? "Moved" : "Copied";
        int items = request.sources().size();
        StringBuilder text = new StringBuilder();
        if (outcomes.succeededCount() == items) {
            text.append(done).append(' ').append(Sizes.count(items, "item", "items"));
        } else {
            text.append(done).append(' ').append(outcomes.succeededCount()).append(" of ").append(items).append(" items");
        }
        text.append(" (").append(Sizes.human(progress.completed())).append(") to ").append(request.destination());
        if (outcomes.skippedCount() > 0) {
            text.append("; ").append(outcomes.skippedCount()).append(" skipped");
        }
        if (outcomes.failedCount() > 0) {
            text.append("; ").append(outcomes.failedCount()).append(" failed (first: ").append(outcomes.firstFailure())
                    .append(')');
        }
        return text.toString();
    }
}
