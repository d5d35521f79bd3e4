package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.ArchiveEntry;
import dev.jobregistry.application.port.in.ArchiveListing;
import dev.jobregistry.application.port.in.BrowseFilesUseCase;
import dev.jobregistry.application.port.in.EntryType;
import dev.jobregistry.application.port.in.FolderEntry;
import dev.jobregistry.application.port.in.FolderListing;
import dev.jobregistry.application.port.in.PathForbiddenException;
import dev.jobregistry.application.port.in.PathNotFoundException;
import dev.jobregistry.application.port.in.UnusablePathException;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Listings without a file system, for the HTTP adapter's tests: one root {@code /home/u}, which
 * holds a folder {@code docs}, a file {@code a.zip} and a hidden file {@code .profile}; the archive
 * {@code /home/u/a.zip} holds {@code docs/readme.txt}. Paths under {@code /etc} are outside the
 * roots; any other path is missing, except {@code /home/u/notes.txt}, which is no archive. It
 * records the last query it was asked.
 */
final class FakeFileBrowser implements BrowseFilesUseCase {

    static final Path ROOT = Path.of("/home/u");
    static final Instant TIME = Instant.parse("2024-12-04T12:00:00.5Z");

    volatile String lastPath;
    volatile boolean lastHidden;

    @Override
    public List<Path> roots() {
        return List.of(ROOT);
    }

    @Override
    public FolderListing listFolder(String path, boolean includeHidden) {
        lastPath = path;
        lastHidden = includeHidden;
        Path folder = path == null ? ROOT : Path.of(path.replace("~", ROOT.toString()));
        check(folder);
        if (folder.equals(ROOT)) {
            List<FolderEntry> entries = new ArrayList<>();
            if (includeHidden) {
                entries.add(new FolderEntry(".profile", ROOT.resolve(".profile"), EntryType.FILE, 10, TIME, false, null));
            }
            entries.add(new FolderEntry("docs", ROOT.resolve("docs"), EntryType.DIRECTORY, 4096, TIME, false, null));
            entries.add(new FolderEntry("a.zip", ROOT.resolve("a.zip"), EntryType.FILE, 1234, TIME, true, null));
            entries.add(new FolderEntry("to-docs", ROOT.resolve("to-docs"), EntryType.SYMLINK, 4, TIME, false,
                    EntryType.DIRECTORY));
            return new FolderListing(ROOT, ROOT, null, entries, false);
        }
        if (folder.equals(ROOT.resolve("docs"))) {
            return new FolderListing(folder, ROOT, ROOT, List.of(), false);
        }
        throw new PathNotFoundException("No such folder: " + folder);
    }

    @Override
    public ArchiveListing listArchive(String path) {
        lastPath = path;
        Path archive = Path.of(path);
        check(archive);
        if (archive.equals(ROOT.resolve("a.zip"))) {
            return new ArchiveListing(archive, "zip", 1234, List.of(
                    new ArchiveEntry("docs", EntryType.DIRECTORY, 0, 0L, TIME, false),
                    new ArchiveEntry("docs/readme.txt", EntryType.FILE, 1000, 420L, null, false)), false);
        }
        if (archive.equals(ROOT.resolve("notes.txt"))) {
            throw new UnusablePathException("not_an_archive", "notes.txt is not an archive this service can read");
        }
        throw new PathNotFoundException("No such archive: " + archive);
    }

    private static void check(Path path) {
        if (!path.startsWith(ROOT)) {
            throw new PathForbiddenException("outside_roots", "path (" + path + ") is outside the allowed roots ("
                    + ROOT + ")");
        }
    }
}
