package dev.jobregistry.handlers.files;

import java.nio.file.attribute.FileTime;

/**
 * One entry of an archive, whatever the format.
 *
 * @param name       the name as stored (untrusted: {@link EntryNames} checks it)
 * @param kind       what it is
 * @param size       bytes of content for a file (as declared; may lie), 0 otherwise
 * @param mode       permission bits, or -1 when the archive has none (a zip made on Windows)
 * @param modified   modification time, or null when the archive has none
 * @param linkTarget for a link, its target as stored (untrusted); null otherwise, and null in an
 *                   index read before the content
 */
record ArchiveItem(String name, Kind kind, long size, int mode, FileTime modified, String linkTarget) {

    /** What an entry is. */
    enum Kind {
        FILE, FOLDER, SYMLINK,
        /** A tar hard link to an earlier entry, named by {@code linkTarget}. */
        HARDLINK,
        /** A device, pipe or anything else that is not extracted. */
        OTHER
    }

    /** The metadata to give the extracted entry. */
    FileMeta meta() {
        return new FileMeta(mode, modified);
    }

    /** The same entry with its link target known. */
    ArchiveItem withLinkTarget(String target) {
        return new ArchiveItem(name, kind, size, mode, modified, target);
    }
}
