package dev.jobregistry.handlers.files;

import java.io.IOException;

/**
 * An archive entry that would write outside the destination, or through a link, or that is
 * otherwise hostile; extraction stops at the first one. The message names the entry.
 */
final class UnsafeEntryException extends IOException {

    UnsafeEntryException(String message) {
        super(message);
    }
}
