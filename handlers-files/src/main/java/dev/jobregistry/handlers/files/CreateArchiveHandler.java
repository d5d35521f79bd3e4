package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.spi.JobType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code create_archive}: builds a zip, tar, tar.gz, tar.bz2, tar.xz or 7z archive from files and
 * folders.
 *
 * <p>Params: {@code archive_path} (must not exist unless {@code options.overwrite} is true);
 * {@code sources} (list; each becomes a top-level entry under its own name, so two sources may not
 * share a name); {@code options.format} ({@code zip}, {@code tar}, {@code tar.gz}/{@code tgz},
 * {@code tar.bz2}, {@code tar.xz}, {@code 7z}; default from the archive's extension);
 * {@code options.compression_level} (0 = store to 9 = smallest; default 6, 9 for bzip2, 5 for 7z;
 * no effect on a plain tar). Paths must lie inside the roots.
 *
 * <p>Symbolic links are stored as links, never followed; permissions and modification times are
 * stored. The archive is written to a hidden temporary file next to {@code archive_path}, synced,
 * and renamed into place only when complete: a failed or cancelled job leaves no archive behind
 * (and an existing one it was to replace untouched).
 *
 * <p>Result: {@code archive_path}, {@code format}, {@code files}, {@code folders}, {@code links},
 * {@code bytes} (of the files read), {@code archive_bytes}, {@code skipped} (devices, pipes,
 * sockets: {@code path}, {@code reason}).
 */
@JobType("create_archive")
public final class CreateArchiveHandler extends FileHandler {

    /** The checked params. */
    private record Request(Path archive, List<Path> sources, ArchiveFormat format, int level, boolean overwrite) {
    }

    @Override
    public void validate(JobParams params) throws InvalidParamsException {
        request(params);
    }

    @Override
    public void run(JobContext context, JobParams params) throws Exception {
        Request request = request(params);
        String name = request.archive().getFileName().toString();
        context.setMessage("Scanning " + Sizes.count(request.sources().size(), "item", "items"));
        TreeScan total = TreeScan.EMPTY;
        for (Path source : request.sources()) {
            total = total.plus(TreeScan.of(source, context));
        }
        Progress progress = new Progress(context);
        progress.total(total.bytes());
        Files.createDirectories(request.archive().getParent());
        Path temporary = FileCopier.temporarySibling(request.archive());
        Entries entries = new Entries(context, new FileCopier(context), progress, request, temporary, total.fileCount(),
                name);
        boolean complete = false;
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
                 ArchiveWriter writer = ArchiveWriter.open(request.format(), channel, request.level())) {
                for (Path source : request.sources()) {
                    entries.add(writer, source);
                }
                context.checkCancelled();
                context.setMessage("Finishing " + name);
                writer.finish();
                channel.force(true);
            }
            if (!request.overwrite() && PathGuard.lstat(request.archive()) != null) {
                throw new IOException(request.archive() + " appeared while the archive was being written; it was left"
                        + " alone (set options.overwrite to replace it)");
            }
            Files.move(temporary, request.archive(), StandardCopyOption.ATOMIC_MOVE);
            complete = true;
        } catch (JobCancelledException e) {
            context.setMessage("Cancelled; " + name + " was not " + (request.overwrite() ? "replaced" : "created"));
            throw e;
        } catch (IOException e) {
            throw new IOException("Could not create " + name + (entries.current != null ? " (at " + entries.current + ")"
                    : "") + ": " + IoErrors.describe(e) + "; no archive was written", e);
        } finally {
            if (!complete) {
                FileCopier.deleteQuietly(temporary);
            }
        }
        progress.done();
        long archiveBytes = Files.size(request.archive());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("archive_path", request.archive().toString());
        result.put("format", request.format().wireName());
        result.put("files", entries.files);
        result.put("folders", entries.folders);
        result.put("links", entries.links);
        result.put("bytes", progress.completed());
        result.put("archive_bytes", archiveBytes);
        result.put("skipped", List.copyOf(entries.skipped));
        context.finish("Created " + name + " (" + Sizes.count(entries.files, "file", "files") + ", "
                + Sizes.human(progress.completed()) + " into " + Sizes.human(archiveBytes) + ")", result);
    }

    /** Walks the sources into the archive; one instance per job. */
    private static final class Entries {
        private final JobContext context;
        private final FileCopier copier;
        private final Progress progress;
        private final Request request;
        private final Path temporary;
        private final long totalFiles;
        private final String archiveName;
        private final List<Map<String, Object>> skipped = new ArrayList<>();
        private long files;
        private long folders;
        private long links;
        private String current;

        Entries(JobContext context, FileCopier copier, Progress progress, Request request, Path temporary,
                long totalFiles, String archiveName) {
            this.context = context;
            this.copier = copier;
            this.progress = progress;
            this.request = request;
            this.temporary = temporary;
            this.totalFiles = totalFiles;
            this.archiveName = archiveName;
        }

        void add(ArchiveWriter writer, Path source) throws IOException, JobCancelledException {
            try {
                Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                                    throws IOException {
                                check();
                                current = dir.toString();
                                writer.folder(entryName(source, dir), FileMeta.of(dir, attributes));
                                folders++;
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                                    throws IOException {
                                check();
                                if (file.equals(temporary) || file.equals(request.archive())) {
                                    return FileVisitResult.CONTINUE; // the archive does not hold itself
                                }
                                current = file.toString();
                                try {
                                    addFile(writer, source, file, attributes);
                                } catch (JobCancelledException e) {
                                    throw new TreeScan.CancelledWalk();
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                                throw e;
                            }
                        });
            } catch (TreeScan.CancelledWalk e) {
                throw new JobCancelledException();
            }
            current = null;
        }

        private void addFile(ArchiveWriter writer, Path source, Path file, BasicFileAttributes attributes)
                throws IOException, JobCancelledException {
            String entry = entryName(source, file);
            FileMeta meta = FileMeta.of(file, attributes);
            if (attributes.isSymbolicLink()) {
                writer.symlink(entry, Files.readSymbolicLink(file).toString(), meta);
                links++;
            } else if (attributes.isRegularFile()) {
                files++;
                progress.item(entry, "Adding " + (files + links) + " of " + totalFiles + " files to " + archiveName);
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    OutputStream out = writer.file(entry, attributes.size(), meta);
                    copier.pump(in, out, attributes.size(), file.toString(), progress);
                    writer.closeFile();
                }
            } else {
                if (skipped.size() < Outcomes.MAX_LISTED) {
                    skipped.add(Map.of("path", file.toString(), "reason",
                            "not a regular file, folder or link (a device, pipe or socket); not archived"));
                }
            }
        }

        private void check() throws TreeScan.CancelledWalk {
            if (context.isCancelRequested()) {
                throw new TreeScan.CancelledWalk();
            }
        }

        private static String entryName(Path source, Path path) {
            StringJoiner name = new StringJoiner("/");
            name.add(source.getFileName().toString());
            for (Path part : source.relativize(path)) {
                if (!part.toString().isEmpty()) {
                    name.add(part.toString());
                }
            }
            return name.toString();
        }
    }

    private Request request(JobParams params) throws InvalidParamsException {
        PathGuard guard = guard();
        String rawArchive = params.requiredString("archive_path");
        Path archive = guard.resolve("params.archive_path", rawArchive);
        JobParams options = params.object("options");
        boolean overwrite = options.bool("overwrite", false);
        BasicFileAttributes existing = lstat("params.archive_path", archive);
        if (existing != null && existing.isDirectory()) {
            throw new InvalidParamsException("params.archive_path (" + archive + ") is a folder");
        }
        if (existing != null && !overwrite) {
            throw new InvalidParamsException("params.archive_path (" + archive + ") already exists; choose another name"
                    + " or set params.options.overwrite to true to replace it");
        }
        ArchiveFormat format;
        String formatName = options.string("format").orElse(null);
        if (formatName != null) {
            format = ArchiveFormat.byName(formatName).orElseThrow(() -> new InvalidParamsException(
                    "params.options.format must be one of " + ArchiveFormat.names() + ", got \"" + formatName + "\""));
        } else {
            format = ArchiveFormat.byExtension(archive).orElseThrow(() -> new InvalidParamsException(
                    "cannot tell the format from the name " + archive.getFileName() + "; give params.options.format ("
                            + ArchiveFormat.names() + ") or end the name with one of them"));
        }
        double level = options.number("compression_level", -1);
        if (options.has("compression_level") && !(level >= 0 && level <= 9 && level == Math.rint(level))) {
            throw new InvalidParamsException("params.options.compression_level must be a whole number from 0 to 9, got "
                    + options.asMap().get("compression_level"));
        }
        List<String> raw = params.stringList("sources");
        if (raw.isEmpty()) {
            throw new InvalidParamsException("params.sources must list at least one file or folder");
        }
        List<Path> sources = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String param = "params.sources[" + i + "]";
            Path source = guard.resolveItem(param, raw.get(i));
            if (lstat(param, source) == null) {
                throw new InvalidParamsException(param + " (" + raw.get(i) + ") does not exist");
            }
            if (source.getFileName() == null) {
                throw new InvalidParamsException(param + " (" + source + ") has no name to store it under");
            }
            if (source.equals(archive)) {
                throw new InvalidParamsException(param + " is the archive itself (" + archive + ")");
            }
            Integer previous = names.putIfAbsent(source.getFileName().toString(), i);
            if (previous != null) {
                throw new InvalidParamsException("params.sources[" + previous + "] and " + param + " are both named "
                        + source.getFileName() + "; an archive cannot hold two top-level entries of one name");
            }
            sources.add(source);
        }
        return new Request(archive, List.copyOf(sources), format, (int) level, overwrite);
    }

    private static BasicFileAttributes lstat(String param, Path path) throws InvalidParamsException {
        try {
            return PathGuard.lstat(path);
        } catch (IOException e) {
            throw new InvalidParamsException(param + " (" + path + ") cannot be examined: " + IoErrors.describe(e));
        }
    }
}
