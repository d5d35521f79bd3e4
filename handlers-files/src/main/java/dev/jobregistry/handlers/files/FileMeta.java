package dev.jobregistry.handlers.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The metadata the handlers carry over: permission bits and modification (and access) time.
 * Setuid, setgid and sticky bits are dropped on purpose (a file from an archive or a copy must not
 * gain privileges); owners are not changed.
 *
 * @param mode     the permission bits ({@code 0755}), or -1 to leave them as created
 * @param modified the modification time, or null to leave it as created
 * @param accessed the access time, or null for the modification time
 */
record FileMeta(int mode, FileTime modified, FileTime accessed) {

    /** The bits this process's umask removes from new files' modes (0777 when it cannot be told). */
    private static final int UMASK = detectUmask();

    private static final PosixFilePermission[] BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    FileMeta {
        mode = mode < 0 ? -1 : mode & 0777;
    }

    FileMeta(int mode, FileTime modified) {
        this(mode, modified, null);
    }

    /** The metadata of an existing file, folder or link, read without following a link. */
    static FileMeta of(Path path, BasicFileAttributes attributes) throws IOException {
        int mode = -1;
        if (attributes instanceof PosixFileAttributes posix) {
            mode = toMode(posix.permissions());
        } else if (!attributes.isSymbolicLink()) {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view != null) {
                mode = toMode(view.readAttributes().permissions());
            }
        }
        return new FileMeta(mode, attributes.lastModifiedTime(), attributes.lastAccessTime());
    }

    /** Reads the attributes of {@code path} (not following a link), POSIX ones when the file system has them. */
    static BasicFileAttributes read(Path path) throws IOException {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * The attributes to create a new file with: its final permissions (the umask may still take
     * some away; {@link #applyTo(Path, boolean, boolean)} puts those back).
     */
    FileAttribute<?>[] creationAttributes() {
        return mode < 0 ? new FileAttribute<?>[0]
                : new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(toPermissions(mode))};
    }

    /**
     * Applies this metadata to {@code path} without following a link there: a link gets its time
     * only (links have no permissions of their own on Linux).
     */
    void applyTo(Path path, boolean isLink) throws IOException {
        applyTo(path, isLink, false);
    }

    /**
     * As {@link #applyTo(Path, boolean)}, for a file just created with
     * {@link #creationAttributes()} when {@code createdWithMode}: its permissions are changed only
     * if the umask took some away (one syscall saved per file in the common case).
     */
    void applyTo(Path path, boolean isLink, boolean createdWithMode) throws IOException {
        if (mode >= 0 && !isLink && !(createdWithMode && (mode & UMASK) == 0)) {
            PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (posix != null) {
                posix.setPermissions(toPermissions(mode));
            }
        }
        if (modified != null) {
            // both times given: the JDK need not read the file's attributes first
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified, accessed != null ? accessed : modified, null);
        }
    }

    private static int detectUmask() {
        try {
            Path probe = Files.createTempFile("job-registry-umask", ".probe",
                    PosixFilePermissions.asFileAttribute(toPermissions(0777)));
            try {
                return 0777 & ~toMode(Files.getPosixFilePermissions(probe, LinkOption.NOFOLLOW_LINKS));
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException | RuntimeException e) {
            return 0777;
        }
    }

    /** The permission set for the low nine bits of {@code mode}. */
    static Set<PosixFilePermission> toPermissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(BITS[bit]);
            }
        }
        return permissions;
    }

    /** The mode bits for a permission set. */
    static int toMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < BITS.length; bit++) {
            if (permissions.contains(BITS[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }
}
