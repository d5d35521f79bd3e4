package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes archive entries under a destination folder and nowhere else. For each entry:
 * <ul>
 *   <li>its name has been checked by {@link EntryNames} (no absolute name, no {@code ..});</li>
 *   <li>each folder on its way is examined without following links (once per folder: known
 *       folders are remembered) and must be a real folder: a symbolic link on the way, whether
 *       from the archive or already in the destination, dangling or not, stops the extraction
 *       with {@link UnsafeEntryException};</li>
 *   <li>a file is created with {@code CREATE_NEW} and {@code NOFOLLOW_LINKS} through
 *       {@link FileCopier}, so an existing link in its place is never written through (it stops
 *       the extraction too);</li>
 *   <li>a symbolic link's target is resolved from where the link will be, following the links
 *       already there, and must stay inside the destination; after the last entry every link made
 *       is checked again, since a later link can change where an earlier one leads;</li>
 *   <li>a hard link may only point to a regular file the archive put in the destination.</li>
 * </ul>
 * Folder permissions and times are applied at the end, deepest first (a read-only folder must
 * still receive its content).
 */
final class SafeExtractor {

    /** How much of the work {@link SafeExtractor} did. */
    record Counts(long files, long folders, long links) {
    }

    private record MadeLink(String entry, Path path, Path target) {
    }

    private final Path destination;
    private final Conflict policy;
    private final boolean preservePaths;
    private final boolean backslashSeparates;
    private final FileCopier copier;
    private final ExtractionBudget budget;
    private final Progress progress;
    private final Set<Path> knownFolders = new HashSet<>();
    private final Set<Path> createdFolders = new HashSet<>();
    private final Map<Path, FileMeta> folderMeta = new HashMap<>();
    private final List<MadeLink> links = new ArrayList<>();
    private final List<Map<String, Object>> skipped = new ArrayList<>();
    private final List<Map<String, Object>> renamed = new ArrayList<>();
    private long skippedCount;
    private long renamedCount;
    private long files;
    private long folders;
    private long linkCount;

    /**
     * @param destination        the destination folder, existing, with links resolved
     * @param backslashSeparates whether the archive's hard-link names may use {@code \}
     */
    SafeExtractor(Path destination, Conflict policy, boolean preservePaths, boolean backslashSeparates,
                  FileCopier copier, ExtractionBudget budget, Progress progress) {
        this.destination = destination;
        this.policy = policy;
        this.preservePaths = preservePaths;
        this.backslashSeparates = backslashSeparates;
        this.copier = copier;
        this.budget = budget;
        this.progress = progress;
        knownFolders.add(destination);
    }

    /**
     * Extracts one entry.
     *
     * @param names the entry's checked names ({@link EntryNames#split})
     */
    void extract(ArchiveItem item, List<String> names, InputStream content) throws IOException, JobCancelledException {
        if (names.isEmpty()) {
            return; // "./": the destination itself
        }
        if (!preservePaths && item.kind() == ArchiveItem.Kind.FOLDER) {
            return; // flattened: only files and links come out
        }
        List<String> placed = preservePaths ? names : List.of(names.getLast());
        if (item.kind() == ArchiveItem.Kind.FOLDER) {
            Path folder = folder(placed, item.name(), true);
            if (folder != null) {
                folderMeta.putIfAbsent(folder, item.meta());
            }
            return;
        }
        Path parent = folder(placed.subList(0, placed.size() - 1), item.name(), false);
        if (parent == null) {
            progress.passed(item.size());
            return;
        }
        Path target = parent.resolve(placed.getLast());
        switch (item.kind()) {
            case FILE -> file(item, target, content);
            case SYMLINK -> symlink(item, target);
            case HARDLINK -> hardLink(item, target);
            default -> skip(item.name(), "not a regular file, folder or link (a device or pipe); not extracted");
        }
    }

    /** Checks every link made once more, then gives folders their permissions and times. */
    void finish() throws IOException {
        for (MadeLink link : links) {
            Path leadsTo = PathGuard.follow(link.path().getParent(), link.target());
            if (!leadsTo.startsWith(destination)) {
                FileCopier.deleteQuietly(link.path());
                throw new UnsafeEntryException("entry " + EntryNames.printable(link.entry())
                        + " is a symbolic link that, through other links in the archive, leads to " + leadsTo
                        + ", outside the destination (the link was removed)");
            }
        }
        List<Path> ordered = new ArrayList<>(folderMeta.keySet());
        ordered.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path folder : ordered) {
            folderMeta.get(folder).applyTo(folder, false);
        }
    }

    Counts counts() {
        return new Counts(files, folders, linkCount);
    }

    long skippedCount() {
        return skippedCount;
    }

    long renamedCount() {
        return renamedCount;
    }

    /** The entries left alone, with why (at most {@value Outcomes#MAX_LISTED}). */
    List<Map<String, Object>> skipped() {
        return List.copyOf(skipped);
    }

    /** The entries written under another name (at most {@value Outcomes#MAX_LISTED}). */
    List<Map<String, Object>> renamed() {
        return List.copyOf(renamed);
    }

    private void file(ArchiveItem item, Path target, InputStream content) throws IOException, JobCancelledException {
        try {
            copier.writeFile(content, target, FileCopier.Placement.NEW, item.meta(), budget);
            files++;
        } catch (FileAlreadyExistsException e) {
            Path place = resolveConflict(item, target);
            if (place == null) {
                progress.passed(item.size());
                return;
            }
            copier.writeFile(content, place, place.equals(target) ? FileCopier.Placement.REPLACE_EXISTING
                    : FileCopier.Placement.NEW, item.meta(), budget);
            files++;
        }
    }

    private void symlink(ArchiveItem item, Path at) throws IOException {
        Path target = linkTarget(item);
        Path leadsTo = PathGuard.follow(at.getParent(), target);
        if (!leadsTo.startsWith(destination)) {
            throw new UnsafeEntryException("entry " + EntryNames.printable(item.name()) + " is a symbolic link to "
                    + EntryNames.printable(item.linkTarget()) + ", which leads outside the destination");
        }
        FileMeta meta = new FileMeta(-1, item.modified());
        Path made = at;
        try {
            FileCopier.placeLink(at, target, meta, FileCopier.Placement.NEW);
        } catch (FileAlreadyExistsException e) {
            made = resolveConflict(item, at);
            if (made == null) {
                return;
            }
            FileCopier.placeLink(made, target, meta, made.equals(at) ? FileCopier.Placement.REPLACE_EXISTING
                    : FileCopier.Placement.NEW);
        }
        links.add(new MadeLink(item.name(), made, target));
        linkCount++;
    }

    private void hardLink(ArchiveItem item, Path at) throws IOException {
        List<String> names = EntryNames.split(item.linkTarget(), backslashSeparates);
        List<String> placed = preservePaths ? names : names.isEmpty() ? names : List.of(names.getLast());
        Path existing = destination;
        for (String name : placed) {
            BasicFileAttributes attributes = PathGuard.lstat(existing);
            if (attributes == null || !attributes.isDirectory()) {
                existing = null;
                break;
            }
            existing = existing.resolve(name);
        }
        BasicFileAttributes attributes = existing == null || placed.isEmpty() ? null : PathGuard.lstat(existing);
        if (attributes == null) {
            skip(item.name(), "a hard link to " + EntryNames.printable(item.linkTarget()) + ", which was not extracted");
            return;
        }
        if (!attributes.isRegularFile()) {
            throw new UnsafeEntryException("entry " + EntryNames.printable(item.name()) + " is a hard link to "
                    + EntryNames.printable(item.linkTarget()) + ", which is not a regular file from the archive");
        }
        try {
            Files.createLink(at, existing);
        } catch (FileAlreadyExistsException e) {
            Path place = resolveConflict(item, at);
            if (place == null) {
                return;
            }
            if (place.equals(at)) {
                Path temporary = FileCopier.temporarySibling(at);
                Files.createLink(temporary, existing);
                try {
                    Files.move(temporary, at, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    FileCopier.deleteQuietly(temporary);
                }
            } else {
                Files.createLink(place, existing);
            }
        }
        files++;
    }

    /**
     * Something is already at {@code target}: decides by the policy where the entry goes instead
     * ({@code target} itself to replace it, a free name, or null to skip it).
     *
     * @throws UnsafeEntryException when a link is there and the entry is not a link
     */
    private Path resolveConflict(ArchiveItem item, Path target) throws IOException {
        BasicFileAttributes existing = PathGuard.lstat(target);
        if (existing == null) {
            throw new FileAlreadyExistsException(target.toString(), null, "appeared and vanished while extracting");
        }
        if (existing.isSymbolicLink() && item.kind() != ArchiveItem.Kind.SYMLINK) {
            throw new UnsafeEntryException("entry " + EntryNames.printable(item.name())
                    + " would be written through the symbolic link " + target + " already in the destination");
        }
        if (existing.isDirectory()) {
            skip(item.name(), "a folder of that name is in the way");
            return null;
        }
        return switch (policy) {
            case SKIP, FAIL -> {
                skip(item.name(), target + " already exists");
                yield null;
            }
            case OVERWRITE -> target;
            case RENAME -> {
                Path free = FreeName.next(target);
                renamedCount++;
                if (renamed.size() < Outcomes.MAX_LISTED) {
                    renamed.add(Map.of("entry", item.name(), "path", free.toString()));
                }
                yield free;
            }
        };
    }

    /**
     * The folder at {@code names} under the destination, created when missing, checked without
     * following links when not known yet; null when a file is in the way (the entry is skipped).
     *
     * @param isEntry whether the folder is the entry itself (its metadata applies if created)
     */
    private Path folder(List<String> names, String entry, boolean isEntry) throws IOException {
        Path folder = destination;
        for (String name : names) {
            folder = folder.resolve(name);
            if (knownFolders.contains(folder)) {
                continue;
            }
            BasicFileAttributes attributes = PathGuard.lstat(folder);
            if (attributes == null) {
                try {
                    Files.createDirectory(folder);
                    created(folder);
                    continue;
                } catch (FileAlreadyExistsException e) {
                    attributes = PathGuard.lstat(folder);
                    if (attributes == null) {
                        throw e;
                    }
                }
            }
            if (attributes.isSymbolicLink()) {
                throw new UnsafeEntryException("entry " + EntryNames.printable(entry)
                        + " would be written through the symbolic link " + folder);
            }
            if (attributes.isDirectory()) {
                knownFolders.add(folder);
                continue;
            }
            if (policy != Conflict.OVERWRITE) {
                skip(entry, "a file named " + folder + " is in the way");
                return null;
            }
            Files.delete(folder);
            Files.createDirectory(folder);
            created(folder);
        }
        if (isEntry && policy != Conflict.OVERWRITE && !createdFolders.contains(folder)) {
            return null; // an existing folder keeps its own permissions and time unless overwriting
        }
        return folder;
    }

    private void created(Path folder) {
        knownFolders.add(folder);
        createdFolders.add(folder);
        folders++;
    }

    private Path linkTarget(ArchiveItem item) throws UnsafeEntryException {
        String raw = item.linkTarget();
        if (raw == null || raw.isEmpty() || raw.indexOf('\0') >= 0) {
            throw new UnsafeEntryException("entry " + EntryNames.printable(item.name())
                    + " is a symbolic link without a usable target");
        }
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new UnsafeEntryException("entry " + EntryNames.printable(item.name())
                    + " is a symbolic link with an unusable target " + EntryNames.printable(raw));
        }
    }

    private void skip(String entry, String reason) {
        skippedCount++;
        if (skipped.size() < Outcomes.MAX_LISTED) {
            Map<String, Object> skip = new LinkedHashMap<>();
            skip.put("entry", entry);
            skip.put("reason", reason);
            skipped.add(skip);
        }
    }
}
