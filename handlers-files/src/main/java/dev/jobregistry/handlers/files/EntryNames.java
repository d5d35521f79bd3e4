package dev.jobregistry.handlers.files;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an archive entry's name into the names of the path it would take under the destination,
 * refusing any name that could leave it: an absolute name ({@code /etc/passwd}, {@code C:\x}), a
 * {@code ..} anywhere, a NUL byte. Empty parts and {@code .} are dropped, so {@code ./a//b} is
 * {@code [a, b]}; an empty result means the destination itself ({@code ./}).
 */
final class EntryNames {

    private EntryNames() {
    }

    /**
     * @param backslashSeparates whether {@code \} separates folders too (zip and 7z made on Windows)
     * @throws UnsafeEntryException naming the entry when it is absolute, climbs with {@code ..} or
     *                              holds a NUL byte
     */
    static List<String> split(String name, boolean backslashSeparates) throws UnsafeEntryException {
        if (name == null || name.isEmpty()) {
            throw new UnsafeEntryException("an entry has no name");
        }
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeEntryException("entry " + printable(name) + " has a NUL byte in its name");
        }
        String path = backslashSeparates ? name.replace('\\', '/') : name;
        if (path.startsWith("/") || (backslashSeparates && path.length() >= 2 && path.charAt(1) == ':'
                && Character.isLetter(path.charAt(0)))) {
            throw new UnsafeEntryException("entry " + printable(name) + " has an absolute name");
        }
        List<String> names = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new UnsafeEntryException("entry " + printable(name) + " climbs out of its folder with ..");
            }
            names.add(part);
        }
        return names;
    }

    /** A name for a message: quoted, with control characters shown as {@code ?}. */
    static String printable(String name) {
        StringBuilder shown = new StringBuilder("'");
        name.codePoints().limit(300).forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown.append(name.length() > 300 ? "...'" : "'").toString();
    }
}
