package dev.jobregistry.application.port.in;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The entries of an archive.
 *
 * @param path      the archive, absolute and with links resolved
 * @param format    its format as {@code create_archive} names it: {@code zip}, {@code tar},
 *                  {@code tar.gz}, {@code tar.bz2}, {@code tar.xz} or {@code 7z}
 * @param size      the archive's size in bytes
 * @param entries   in the order the archive stores them
 * @param truncated whether the archive holds more than {@link BrowseFilesUseCase#MAX_ARCHIVE_ENTRIES}
 *                  (listed) entries
 */
public record ArchiveListing(Path path, String format, long size, List<ArchiveEntry> entries, boolean truncated) {

    public ArchiveListing {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        entries = List.copyOf(entries);
    }
}
