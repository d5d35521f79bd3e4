package dev.jobregistry.handlers.files;

import dev.jobregistry.application.port.in.ArchiveEntry;
import dev.jobregistry.application.port.in.ArchiveListing;
import dev.jobregistry.application.port.in.BrowseFilesUseCase;
import dev.jobregistry.application.port.in.EntryType;
import dev.jobregistry.application.port.in.FolderEntry;
import dev.jobregistry.application.port.in.FolderListing;
import dev.jobregistry.application.port.in.PathForbiddenException;
import dev.jobregistry.application.port.in.PathNotFoundException;
import dev.jobregistry.application.port.in.UnusablePathException;
import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@link BrowseFilesUseCase} over the file system: lists folders inside the roots and the entries
 * of archives, with the file handlers' own rules. A path is resolved as {@link PathGuard} resolves
 * it (every {@code ..} and symbolic link followed as the kernel would) and must land inside a root;
 * an archive is recognised and read by {@link ArchiveFormat} and {@link ArchiveReader}, the code
 * {@code extract_archive} uses, so what the listing shows is what extraction will find.
 *
 * <p>Entry names are given in the form {@code extract_archive}'s {@code items} takes
 * ({@link EntryNames}); a name that could escape the destination is listed as stored and flagged
 * {@code unsafe}.
 */
public final class FileBrowser implements BrowseFilesUseCase {

    /** The most memory a decompressor may ask for while listing: enough for any xz or 7z dictionary in use. */
    private static final int MEMORY_LIMIT_KIB = 256 * 1024;

    private static final Comparator<FolderEntry> FOLDERS_FIRST_BY_NAME = Comparator
            .comparing((FolderEntry entry) -> !entry.opensAsFolder())
            .thenComparing(entry -> entry.name().toLowerCase(Locale.ROOT))
            .thenComparing(FolderEntry::name);

    private final PathGuard guard;
    private final List<Path> roots;

    /**
     * @param roots the folders that may be shown, absolute and with links resolved (as
     *              {@link dev.jobregistry.application.spi.HandlerEnvironment#roots()} holds them)
     * @param home  what {@code ~} stands for
     */
    public FileBrowser(List<Path> roots, Path home) {
        this.guard = new PathGuard(roots, home);
        this.roots = List.copyOf(roots);
    }

    @Override
    public List<Path> roots() {
        return roots;
    }

    @Override
    public FolderListing listFolder(String raw, boolean includeHidden) {
        Path folder = raw == null || raw.isBlank() ? roots.getFirst() : resolveInside(raw);
        BasicFileAttributes attributes = lstat(folder);
        if (attributes == null) {
            throw new PathNotFoundException("No such folder: " + folder);
        }
        if (!attributes.isDirectory()) {
            throw new UnusablePathException("not_a_folder", folder + " is a file, not a folder; open its folder "
                    + (folder.getParent() == null ? "" : folder.getParent()) + " instead");
        }
        List<FolderEntry> entries = new ArrayList<>();
        boolean truncated = false;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (!includeHidden && name.startsWith(".")) {
                    continue;
                }
                if (entries.size() == MAX_FOLDER_ENTRIES) {
                    truncated = true;
                    break;
                }
                FolderEntry entry = entry(folder, child);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw unreadable(folder, e);
        }
        entries.sort(FOLDERS_FIRST_BY_NAME);
        Path root = roots.stream().filter(folder::startsWith).findFirst().orElseThrow();
        boolean isRoot = roots.contains(folder);
        return new FolderListing(folder, root, isRoot ? null : folder.getParent(), entries, truncated);
    }

    @Override
    public ArchiveListing listArchive(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new UnusablePathException("bad_path", "path is required: the archive to list, such as ~/backup.zip");
        }
        Path archive = resolveInside(raw);
        BasicFileAttributes attributes = lstat(archive);
        if (attributes == null) {
            throw new PathNotFoundException("No such archive: " + archive);
        }
        if (!attributes.isRegularFile()) {
            throw new UnusablePathException("not_a_file", archive + " is a folder, not an archive file");
        }
        ArchiveFormat format;
        try {
            format = ArchiveFormat.detect(archive);
        } catch (ArchiveFormat.UnsupportedArchiveException e) {
            throw new UnusablePathException("not_an_archive", e.getMessage());
        } catch (IOException e) {
            throw unreadable(archive, e);
        }
        try (ArchiveReader reader = ArchiveReader.open(archive, format, MEMORY_LIMIT_KIB)) {
            Entries entries = new Entries(reader.backslashSeparates());
            var index = reader.index();
            if (index.isPresent()) {
                List<Long> packed = format == ArchiveFormat.ZIP ? zipPackedSizes(archive) : List.of();
                List<ArchiveItem> items = index.get();
                for (int i = 0; i < items.size() && !entries.full(); i++) {
                    ArchiveItem item = items.get(i);
                    Long packedSize = switch (format) {
                        case ZIP -> packed.size() == items.size() ? packed.get(i) : null;
                        case TAR -> item.size();
                        default -> null;
                    };
                    entries.add(item, packedSize);
                }
            } else {
                readAll(reader, entries);
            }
            return new ArchiveListing(archive, format.wireName(), attributes.size(), entries.list, entries.truncated);
        } catch (AccessDeniedException e) {
            throw unreadable(archive, e);
        } catch (IOException | RuntimeException e) {
            throw new UnusablePathException("unreadable_archive", "Cannot read the archive " + archive + ": "
                    + IoErrors.describe(e));
        }
    }

    /** The listed entries of an archive, up to the limit. */
    private static final class Entries {
        private final boolean backslashSeparates;
        private final List<ArchiveEntry> list = new ArrayList<>();
        private boolean truncated;

        Entries(boolean backslashSeparates) {
            this.backslashSeparates = backslashSeparates;
        }

        boolean full() {
            return truncated;
        }

        void add(ArchiveItem item, Long packedSize) {
            if (list.size() == MAX_ARCHIVE_ENTRIES) {
                truncated = true;
                return;
            }
            String path;
            boolean unsafe = false;
            try {
                List<String> names = EntryNames.split(item.name(), backslashSeparates);
                path = names.isEmpty() ? "." : String.join("/", names);
            } catch (UnsafeEntryException e) {
                path = item.name();
                unsafe = true;
            }
            Instant modified = item.modified() == null ? null : item.modified().toInstant();
            list.add(new ArchiveEntry(path, type(item.kind()), item.size(), packedSize, modified, unsafe));
        }
    }

    /** Stops a full read once the listing is full. */
    private static final class ListingFull extends IOException {
        ListingFull() {
            super("listing full", null);
        }
    }

    /** Reads an archive that has no cheap index (a compressed tar) from start to end, skipping contents. */
    private static void readAll(ArchiveReader reader, Entries entries) throws IOException {
        try {
            reader.read((item, content) -> {
                entries.add(item, null);
                if (entries.full()) {
                    throw new ListingFull();
                }
            });
        } catch (ListingFull full) {
            // listed as much as a listing holds
        } catch (JobCancelledException e) {
            throw new IllegalStateException("a listing is not a job and cannot be cancelled", e);
        }
    }

    /** The compressed size of each zip entry, in the order {@link ZipReader#index()} lists them. */
    private static List<Long> zipPackedSizes(Path archive) throws IOException {
        List<Long> sizes = new ArrayList<>();
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
                sizes.add(entry.getCompressedSize() >= 0 ? entry.getCompressedSize() : null);
            }
        }
        return sizes;
    }

    private static EntryType type(ArchiveItem.Kind kind) {
        return switch (kind) {
            case FILE -> EntryType.FILE;
            case FOLDER -> EntryType.DIRECTORY;
            case SYMLINK -> EntryType.SYMLINK;
            case HARDLINK -> EntryType.HARDLINK;
            case OTHER -> EntryType.OTHER;
        };
    }

    /** One child of a listed folder, or null when it vanished between the listing and the look. */
    private FolderEntry entry(Path folder, Path child) throws IOException {
        BasicFileAttributes attributes = PathGuard.lstat(child);
        if (attributes == null) {
            return null;
        }
        EntryType type = attributes.isDirectory() ? EntryType.DIRECTORY
                : attributes.isRegularFile() ? EntryType.FILE
                : attributes.isSymbolicLink() ? EntryType.SYMLINK
                : EntryType.OTHER;
        EntryType linkTarget = type == EntryType.SYMLINK ? linkTarget(folder, child) : null;
        boolean archive = (type == EntryType.FILE || linkTarget == EntryType.FILE)
                && ArchiveFormat.byExtension(child).isPresent();
        return new FolderEntry(child.getFileName().toString(), child, type, attributes.size(),
                attributes.lastModifiedTime().toInstant(), archive, linkTarget);
    }

    /** What a link leads to, when that lies inside the roots; null when it dangles or leads out. */
    private EntryType linkTarget(Path folder, Path link) {
        try {
            Path target = PathGuard.follow(folder, link.getFileName());
            if (!guard.isInside(target)) {
                return null;
            }
            BasicFileAttributes attributes = PathGuard.lstat(target);
            if (attributes == null) {
                return null;
            }
            return attributes.isDirectory() ? EntryType.DIRECTORY
                    : attributes.isRegularFile() ? EntryType.FILE : EntryType.OTHER;
        } catch (IOException e) {
            return null; // a loop, or a name that cannot be examined: shown as a link that leads nowhere
        }
    }

    /**
     * {@code raw} with {@code ~} expanded and every {@code ..} and link resolved, which must lie
     * inside a root.
     */
    private Path resolveInside(String raw) {
        Path absolute = absolute(raw);
        Path resolved;
        try {
            resolved = PathGuard.follow(absolute.getRoot(), absolute);
        } catch (IOException e) {
            throw new UnusablePathException("bad_path", "path (" + raw + ") cannot be resolved: " + IoErrors.describe(e));
        }
        if (!guard.isInside(resolved)) {
            String shown = resolved.toString().equals(raw) ? raw : raw + ", which resolves to " + resolved;
            throw new PathForbiddenException("outside_roots", "path (" + shown + ") is outside the allowed roots ("
                    + guard.rootsText() + ")");
        }
        return resolved;
    }

    /** {@code raw} with {@code ~} expanded, as the job params' paths are ({@link PathGuard}'s rules and words). */
    private Path absolute(String raw) {
        try {
            return guard.absolute("path", raw);
        } catch (InvalidParamsException e) {
            throw new UnusablePathException("bad_path", e.getMessage());
        }
    }

    private static BasicFileAttributes lstat(Path path) {
        try {
            return PathGuard.lstat(path);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private static RuntimeException unreadable(Path path, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new PathForbiddenException("permission_denied", "The service may not read " + path
                    + " (permission denied)");
        }
        return new UnusablePathException("bad_path", "Cannot read " + path + ": " + IoErrors.describe(e));
    }
}
