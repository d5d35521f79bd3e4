package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.spi.JobType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code extract_archive}: extracts a zip, tar, tar.gz/tgz, tar.bz2, tar.xz or 7z archive with
 * Apache Commons Compress (the format is read from the file's first bytes).
 *
 * <p>Params: {@code archive_path}; {@code destination} (default: the archive's folder; created
 * when missing); {@code items} (archive-relative paths to extract, a folder taking its subtree;
 * default everything); {@code options.overwrite}: {@code skip} (default: keep what is there),
 * {@code rename} ({@code f0 (1).txt}) or {@code overwrite}; {@code options.preserve_paths}
 * (default true; false puts every file straight into the destination); archive-bomb limits
 * {@code options.max_total_bytes} (default 64 GiB), {@code options.max_entries} (250000) and
 * {@code options.max_ratio} (100: bytes written per compressed byte read, judged after the first
 * 8 MiB). Paths must lie inside the roots.
 *
 * <p>Regular files, folders (empty ones too), symbolic links, hard links (tar), permissions
 * (without setuid/setgid) and modification times come out as they went in. Nothing is ever
 * written outside the destination: see {@link SafeExtractor}. An unsafe entry, a damaged
 * archive or a limit passed fails the job with an error naming the entry; the file being written
 * is removed.
 *
 * <p>Result: {@code archive_path}, {@code destination}, {@code format}, {@code files},
 * {@code folders}, {@code links}, {@code bytes}, {@code skipped} ({@code entry}, {@code reason})
 * and {@code renamed} ({@code entry}, {@code path}) with their counts, and {@code not_found}
 * (requested items the archive lacks). Progress: {@code total} is the bytes of the files to
 * extract when the archive has an index (zip, 7z, tar); a compressed tar has none, so its total
 * is known only at the end and the message tells how much of the archive was read.
 */
@JobType("extract_archive")
public final class ExtractArchiveHandler extends FileHandler {

    private static final List<Conflict> POLICIES = Conflict.withDefault(Conflict.SKIP, Conflict.RENAME,
            Conflict.OVERWRITE);

    /** The checked params. */
    private record Request(Path archive, ArchiveFormat format, Path destination, ItemFilter items, Conflict policy,
                           boolean preservePaths, ExtractionLimits limits) {
    }

    @Override
    public void validate(JobParams params) throws InvalidParamsException {
        request(params);
    }

    @Override
    public void run(JobContext context, JobParams params) throws Exception {
        Request request = request(params);
        String name = request.archive().getFileName().toString();
        Files.createDirectories(request.destination());
        long archiveBytes = Files.size(request.archive());
        Progress progress = new Progress(context);
        FileCopier copier = new FileCopier(context);
        context.setMessage("Reading " + name);
        try (ArchiveReader reader = ArchiveReader.open(request.archive(), request.format(), memoryLimitKiB())) {
            ExtractionBudget budget = new ExtractionBudget(request.limits(), reader::compressedBytesRead, progress);
            SafeExtractor extractor = new SafeExtractor(request.destination(), request.policy(),
                    request.preservePaths(), reader.backslashSeparates(), copier, budget, progress);
            long totalFiles = scan(reader, request, budget, archiveBytes, progress, context);
            long[] done = {0};
            String[] current = {null};
            try {
                reader.read((item, content) -> {
                    context.checkCancelled();
                    List<String> names = EntryNames.split(item.name(), reader.backslashSeparates());
                    if (!request.items().matches(names)) {
                        return;
                    }
                    budget.entry();
                    current[0] = item.name();
                    if (item.kind() != ArchiveItem.Kind.FOLDER) {
                        done[0]++;
                        progress.item(item.name(), "Extracting " + name + ": " + (totalFiles >= 0
                                ? done[0] + " of " + totalFiles + " files"
                                : Sizes.count(done[0], "file", "files") + " so far, "
                                + Math.min(99, 100 * reader.compressedBytesRead() / Math.max(1, archiveBytes))
                                + "% of the archive read"));
                    }
                    extractor.extract(item, names, content);
                });
                current[0] = null;
                extractor.finish();
            } catch (JobCancelledException e) {
                context.setMessage("Cancelled after extracting " + extractor.counts().files() + " files from " + name
                        + " (" + Sizes.human(budget.written()) + "); the partly written file was removed");
                throw e;
            } catch (UnsafeEntryException e) {
                throw new IOException("Refusing to extract " + name + ": " + e.getMessage() + ". Nothing was written"
                        + " outside " + request.destination() + "; " + extractor.counts().files()
                        + " files were extracted before this entry", e);
            } catch (ExtractionLimits.LimitExceededException e) {
                throw new IOException("Stopped extracting " + name + ": " + e.getMessage() + ". The partly written file"
                        + " was removed; " + extractor.counts().files() + " files were extracted before", e);
            } catch (IOException e) {
                throw new IOException("Could not extract " + name + (current[0] != null ? " (at entry "
                        + EntryNames.printable(current[0]) + ")" : "") + ": " + IoErrors.describe(e), e);
            }
            List<String> notFound = request.items().unmatched();
            if (!request.items().all() && notFound.size() == request.items().size()) {
                throw new IOException("None of the requested items is in " + name + ": " + String.join(", ", notFound));
            }
            progress.done();
            context.finish(summary(name, request, extractor, budget, notFound),
                    result(request, extractor, budget, notFound));
        }
    }

    /**
     * Reads the index when the format has a cheap one: checks every name and the declared sizes
     * before anything is written, and sets the progress total.
     *
     * @return the number of files and links to extract, or -1 when unknown (compressed tar)
     */
    private static long scan(ArchiveReader reader, Request request, ExtractionBudget budget, long archiveBytes,
                             Progress progress, JobContext context) throws IOException, JobCancelledException {
        var index = reader.index();
        if (index.isEmpty()) {
            return -1;
        }
        long bytes = 0;
        long files = 0;
        long entries = 0;
        String name = request.archive().getFileName().toString();
        for (ArchiveItem item : index.get()) {
            List<String> names;
            try {
                names = EntryNames.split(item.name(), reader.backslashSeparates());
            } catch (UnsafeEntryException e) {
                throw new IOException("Refusing to extract " + name + ": " + e.getMessage()
                        + ". Nothing was written", e);
            }
            if (!request.items().matches(names)) {
                continue;
            }
            entries++;
            if (item.kind() == ArchiveItem.Kind.FILE) {
                bytes += item.size();
            }
            if (item.kind() != ArchiveItem.Kind.FOLDER) {
                files++;
            }
        }
        context.checkCancelled();
        if (!request.items().all() && entries == 0) {
            throw new IOException("None of the requested items is in " + name + ": "
                    + String.join(", ", request.items().unmatched()));
        }
        request.items().reset();
        try {
            budget.checkDeclared(bytes, entries, archiveBytes);
        } catch (ExtractionLimits.LimitExceededException e) {
            throw new IOException("Refusing to extract " + name + ": " + e.getMessage() + ". Nothing was written", e);
        }
        long free = Files.getFileStore(request.destination()).getUsableSpace();
        if (bytes > free) {
            throw new IOException("Not enough room to extract " + name + ": it needs " + Sizes.human(bytes) + " but only "
                    + Sizes.human(free) + " is free in " + request.destination());
        }
        progress.total(bytes);
        return files;
    }

    private Request request(JobParams params) throws InvalidParamsException {
        PathGuard guard = guard();
        String rawArchive = params.requiredString("archive_path");
        Path archive = guard.resolve("params.archive_path", rawArchive);
        BasicFileAttributes attributes = attributes("params.archive_path", archive);
        if (attributes == null) {
            throw new InvalidParamsException("params.archive_path (" + rawArchive + ") does not exist");
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidParamsException("params.archive_path (" + archive + ") is not a file");
        }
        ArchiveFormat format;
        try {
            format = ArchiveFormat.detect(archive);
        } catch (ArchiveFormat.UnsupportedArchiveException e) {
            throw new InvalidParamsException("params.archive_path: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidParamsException("params.archive_path (" + archive + ") cannot be read: "
                    + IoErrors.describe(e));
        }
        Path destination = params.string("destination").filter(d -> !d.isBlank()).isPresent()
                ? guard.resolve("params.destination", params.requiredString("destination"))
                : archive.getParent();
        BasicFileAttributes destinationAttributes = attributes("params.destination", destination);
        if (destinationAttributes != null && !destinationAttributes.isDirectory()) {
            throw new InvalidParamsException("params.destination (" + destination + ") is not a folder");
        }
        JobParams options = params.object("options");
        return new Request(archive, format, destination, ItemFilter.of(params.stringList("items")),
                Conflict.parse(options, "overwrite", POLICIES), options.bool("preserve_paths", true),
                ExtractionLimits.parse(options));
    }

    private static BasicFileAttributes attributes(String param, Path path) throws InvalidParamsException {
        try {
            return PathGuard.lstat(path);
        } catch (IOException e) {
            throw new InvalidParamsException(param + " (" + path + ") cannot be examined: " + IoErrors.describe(e));
        }
    }

    /** The most memory a decompressor may ask for: 1 GiB, or half the heap when that is less. */
    private static int memoryLimitKiB() {
        long bytes = Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 2);
        return (int) (bytes / 1024);
    }

    private static String summary(String name, Request request, SafeExtractor extractor, ExtractionBudget budget,
                                  List<String> notFound) {
        SafeExtractor.Counts counts = extractor.counts();
        StringBuilder text = new StringBuilder("Extracted ").append(Sizes.count(counts.files(), "file", "files"));
        if (counts.links() > 0) {
            text.append(" and ").append(Sizes.count(counts.links(), "link", "links"));
        }
        text.append(" (").append(Sizes.human(budget.written())).append(") from ").append(name).append(" to ")
                .append(request.destination());
        if (extractor.skippedCount() > 0) {
            text.append("; ").append(extractor.skippedCount()).append(" skipped");
        }
        if (extractor.renamedCount() > 0) {
            text.append("; ").append(extractor.renamedCount()).append(" renamed");
        }
        if (!notFound.isEmpty()) {
            text.append("; not in the archive: ").append(String.join(", ", notFound));
        }
        return text.toString();
    }

    private static Map<String, Object> result(Request request, SafeExtractor extractor, ExtractionBudget budget,
                                              List<String> notFound) {
        SafeExtractor.Counts counts = extractor.counts();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("archive_path", request.archive().toString());
        result.put("destination", request.destination().toString());
        result.put("format", request.format().wireName());
        result.put("files", counts.files());
        result.put("folders", counts.folders());
        result.put("links", counts.links());
        result.put("bytes", budget.written());
        result.put("skipped", extractor.skipped());
        result.put("skipped_count", extractor.skippedCount());
        result.put("renamed", extractor.renamed());
        result.put("renamed_count", extractor.renamedCount());
        result.put("not_found", List.copyOf(notFound));
        return result;
    }
}
