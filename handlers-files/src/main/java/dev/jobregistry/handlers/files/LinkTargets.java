package dev.jobregistry.handlers.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a symbolic link's target stored as an entry's content (zip, 7z), refusing absurd sizes. */
final class LinkTargets {

    /** Longer than any path Linux accepts (PATH_MAX is 4096). */
    static final int MAX_LENGTH = 4096;

    private LinkTargets() {
    }

    static String read(InputStream content, String entryName) throws IOException {
        byte[] bytes = content.readNBytes(MAX_LENGTH + 1);
        if (bytes.length > MAX_LENGTH) {
            throw new UnsafeEntryException("entry " + entryName + " is a symbolic link whose target is longer than "
                    + MAX_LENGTH + " bytes");
        }
        if (bytes.length == 0) {
            throw new UnsafeEntryException("entry " + entryName + " is a symbolic link with an empty target");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
