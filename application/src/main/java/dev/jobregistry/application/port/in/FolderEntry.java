package dev.jobregistry.application.port.in;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One item of a folder, as it is (a symbolic link is described, not followed).
 *
 * @param name       the item's name
 * @param path       the folder's path joined with the name
 * @param type       what it is: {@link EntryType#FILE}, {@link EntryType#DIRECTORY},
 *                   {@link EntryType#SYMLINK} or {@link EntryType#OTHER}
 * @param size       bytes (of the link itself for a link)
 * @param modified   last modification
 * @param archive    whether the name has an extension of an archive format the registry reads
 * @param linkTarget for a link whose target lies inside the roots, what the target is; null for
 *                   anything else, and for a dangling link or one pointing outside the roots
 */
public record FolderEntry(String name, Path path, EntryType type, long size, Instant modified, boolean archive,
                          EntryType linkTarget) {

    public FolderEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(modified, "modified");
    }

    /** Whether opening this entry shows a folder: a folder, or a link to one inside the roots. */
    public boolean opensAsFolder() {
        return type == EntryType.DIRECTORY || linkTarget == EntryType.DIRECTORY;
    }
}
