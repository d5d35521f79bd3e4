package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the file handlers inside the configured roots. Every path param goes through here: {@code ~}
 * is expanded, then {@code ..} and symbolic links are resolved the way the kernel would resolve them
 * (a {@code ..} after a link climbs from the link's target, not lexically), and the result must lie
 * inside one of the roots.
 *
 * <p>Two readings of a path: {@link #resolve} follows every link, for places the handler reads
 * from or writes into (an archive, a destination folder); {@link #resolveItem} follows links up to
 * the last name but not the last name itself, for items the handler acts on as they are (a
 * symbolic link given to {@code bulk_delete} is deleted, not its target; given to
 * {@code bulk_copy} it is copied as a link). Either way, nothing outside the roots is read or
 * changed.
 */
final class PathGuard {

    private static final int MAX_LINK_HOPS = 40;

    private final List<Path> roots;
    private final Path home;

    /**
     * @param roots the allowed roots, absolute and with links resolved
     * @param home  what {@code ~} stands for
     */
    PathGuard(List<Path> roots, Path home) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one root is needed");
        }
        this.roots = List.copyOf(roots);
        this.home = home;
    }

    /** The roots, for messages: {@code /home/u, /sdcard}. */
    String rootsText() {
        return roots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /** Whether {@code resolved} (already resolved) is one of the roots or inside one. */
    boolean isInside(Path resolved) {
        return roots.stream().anyMatch(resolved::startsWith);
    }

    /** Whether {@code resolved} is a root or a folder that holds one: never deleted or moved away. */
    boolean holdsRoot(Path resolved) {
        return roots.stream().anyMatch(root -> root.startsWith(resolved));
    }

    /**
     * The place {@code raw} names, with {@code ~}, {@code ..} and every symbolic link resolved; it
     * need not exist.
     *
     * @param param the param's name for messages ({@code params.destination})
     * @throws InvalidParamsException if the path is malformed or outside the roots
     */
    Path resolve(String param, String raw) throws InvalidParamsException {
        Path absolute = absolute(param, raw);
        Path resolved = follow(param, raw, absolute.getRoot(), absolute);
        return requireInside(param, raw, resolved);
    }

    /**
     * The item {@code raw} names, resolved like {@link #resolve} except that a symbolic link in
     * the last place is kept as it is (the handler acts on the link itself, never on its target).
     */
    Path resolveItem(String param, String raw) throws InvalidParamsException {
        Path absolute = absolute(param, raw);
        Path name = absolute.getFileName();
        if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
            return resolve(param, raw);
        }
        Path parent = follow(param, raw, absolute.getRoot(), absolute.getParent());
        return requireInside(param, raw, parent.resolve(name));
    }

    /**
     * Resolves {@code path} against {@code base} as the kernel would, following symbolic links
     * found on the file system as it is now (a missing name and what follows it are taken as
     * written). {@code base} must already be resolved; an absolute {@code path} ignores it.
     *
     * @throws IOException if a link loop (more than 40 hops) is met or a name cannot be examined
     */
    static Path follow(Path base, Path path) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pushFront(pending, path);
        Path current = path.isAbsolute() ? path.getRoot() : base;
        int hops = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                Path parent = current.getParent();
                current = parent != null ? parent : current;
                continue;
            }
            Path next = current.resolve(name);
            BasicFileAttributes attributes = lstat(next);
            if (attributes != null && attributes.isSymbolicLink()) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new FileSystemException(next.toString(), null, "too many levels of symbolic links");
                }
                Path target = Files.readSymbolicLink(next);
                pushFront(pending, target);
                if (target.isAbsolute()) {
                    current = target.getRoot();
                }
            } else {
                current = next;
            }
        }
        return current;
    }

    /** The attributes of {@code path} itself (a link is not followed), or null when nothing is there. */
    static BasicFileAttributes lstat(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (FileSystemException e) {
            if ("Not a directory".equals(e.getReason())) {
                return null;
            }
            throw e;
        }
    }

    private static void pushFront(Deque<String> pending, Path path) {
        for (int i = path.getNameCount() - 1; i >= 0; i--) {
            pending.addFirst(path.getName(i).toString());
        }
    }

    /**
     * {@code raw} made absolute: {@code ~} and {@code ~/...} expanded to the home folder, nothing
     * resolved yet. Messages name {@code param}.
     *
     * @throws InvalidParamsException if {@code raw} is blank, {@code ~user}, relative or not a path
     */
    Path absolute(String param, String raw) throws InvalidParamsException {
        if (raw == null || raw.isBlank()) {
            throw new InvalidParamsException(param + " is required");
        }
        String expanded;
        if (raw.equals("~")) {
            expanded = home.toString();
        } else if (raw.startsWith("~/")) {
            expanded = home + raw.substring(1);
        } else if (raw.startsWith("~")) {
            throw new InvalidParamsException(param + " (" + raw + "): only ~ and ~/... are understood, not ~user");
        } else {
            expanded = raw;
        }
        try {
            Path path = Path.of(expanded);
            if (!path.isAbsolute()) {
                throw new InvalidParamsException(param + " must be an absolute path or start with ~/, got \"" + raw + "\"");
            }
            return path;
        } catch (InvalidPathException e) {
            throw new InvalidParamsException(param + " is not a usable path (" + e.getReason() + "), got \"" + raw + "\"");
        }
    }

    private Path follow(String param, String raw, Path root, Path path) throws InvalidParamsException {
        try {
            return follow(root, path);
        } catch (IOException e) {
            throw new InvalidParamsException(param + " (" + raw + ") cannot be resolved: " + IoErrors.describe(e));
        }
    }

    private Path requireInside(String param, String raw, Path resolved) throws InvalidParamsException {
        if (isInside(resolved)) {
            return resolved;
        }
        String shown = resolved.toString().equals(raw) ? raw : raw + ", which resolves to " + resolved;
        throw new InvalidParamsException(param + " (" + shown + ") is outside the allowed roots (" + rootsText() + ")");
    }
}
