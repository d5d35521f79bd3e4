package dev.jobregistry.application.port.in;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a folder holds.
 *
 * @param path      the folder, absolute and with links resolved
 * @param root      the root the folder lies in
 * @param parent    the folder above, or null when {@code path} is a root (nothing above it may be listed)
 * @param entries   folders first, then the rest, each group by name ignoring case
 * @param truncated whether the folder holds more than {@link BrowseFilesUseCase#MAX_FOLDER_ENTRIES}
 *                  (listed) entries
 */
public record FolderListing(Path path, Path root, Path parent, List<FolderEntry> entries, boolean truncated) {

    public FolderListing {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(root, "root");
        entries = List.copyOf(entries);
    }
}
