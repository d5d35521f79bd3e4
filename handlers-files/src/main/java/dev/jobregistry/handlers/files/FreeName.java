package dev.jobregistry.handlers.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds a free name next to a taken one, the way file managers do: {@code f0.txt} becomes
 * {@code f0 (1).txt}, then {@code f0 (2).txt}; {@code photos.tar.gz} becomes {@code photos (1).tar.gz};
 * a folder or a name without extension gets the number at the end.
 */
final class FreeName {

    private static final String[] DOUBLE_EXTENSIONS = {".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst"};

    private FreeName() {
    }

    /** The first {@code name (n).ext} next to {@code taken} that nothing (not even a dangling link) occupies. */
    static Path next(Path taken) throws IOException {
        String name = taken.getFileName().toString();
        int split = extensionStart(name);
        String stem = name.substring(0, split);
        String extension = name.substring(split);
        for (int n = 1; n < 100_000; n++) {
            Path candidate = taken.resolveSibling(stem + " (" + n + ")" + extension);
            if (PathGuard.lstat(candidate) == null) {
                return candidate;
            }
        }
        throw new IOException("no free name like " + name + " in " + taken.getParent());
    }

    private static int extensionStart(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String extension : DOUBLE_EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return name.length() - extension.length();
            }
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? dot : name.length();
    }
}
