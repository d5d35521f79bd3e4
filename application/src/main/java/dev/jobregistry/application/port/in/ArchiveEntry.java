package dev.jobregistry.application.port.in;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an archive.
 *
 * @param path       the entry's path inside the archive, folders separated by {@code /}, without a
 *                   leading {@code ./} or a trailing {@code /}: the form {@code extract_archive}'s
 *                   {@code items} takes. For an unsafe entry, the name as stored.
 * @param type       what it is
 * @param size       bytes of content once extracted (0 for folders and links)
 * @param packedSize bytes the entry takes in the archive, or null when the format does not say
 *                   (7z, compressed tars: their entries are compressed together)
 * @param modified   last modification, or null when the archive does not record it
 * @param unsafe     whether the name could escape the destination (absolute, {@code ..}); such an
 *                   archive is refused by {@code extract_archive}
 */
public record ArchiveEntry(String path, EntryType type, long size, Long packedSize, Instant modified,
                           boolean unsafe) {

    public ArchiveEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
    }
}
