package dev.jobregistry.application.port.in;

import java.util.Locale;

/** What an entry of a folder or an archive is. */
public enum EntryType {
    /** A regular file. */
    FILE,
    /** A folder. */
    DIRECTORY,
    /** A symbolic link (shown as itself, not as its target). */
    SYMLINK,
    /** A hard link to an earlier entry of a tar archive. */
    HARDLINK,
    /** A device, pipe, socket or anything else. */
    OTHER;

    /** The name on the wire: {@code file}, {@code directory}, {@code symlink}, {@code hardlink}, {@code other}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
