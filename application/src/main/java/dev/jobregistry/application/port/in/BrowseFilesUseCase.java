package dev.jobregistry.application.port.in;

import java.nio.file.Path;
import java.util.List;

/**
 * Read-only views of the files the registry may touch, for the pages that start file jobs: the
 * folders inside the configured roots and the entries of an archive. Nothing outside the roots
 * is shown, judged after resolving {@code ~}, {@code ..} and symbolic links, as the file handlers
 * judge it. Nothing is ever changed.
 *
 * <p>Every method may throw {@link PathForbiddenException} (outside the roots, or the system
 * refuses to read it), {@link PathNotFoundException} (nothing there) and
 * {@link UnusablePathException} (a malformed path, a file where a folder is needed, a file that
 * is no readable archive).
 */
public interface BrowseFilesUseCase {

    /** The most entries a folder listing returns; a larger folder is listed in part ({@code truncated}). */
    int MAX_FOLDER_ENTRIES = 10_000;

    /** The most entries an archive listing returns; a larger archive is listed in part ({@code truncated}). */
    int MAX_ARCHIVE_ENTRIES = 50_000;

    /**
     * The folders file handlers may touch, absolute and with links resolved, in the configured order.
     *
     * @return at least one folder
     */
    List<Path> roots();

    /**
     * What a folder holds: folders first, then files, each group by name (ignoring case).
     *
     * @param path          an absolute path or one starting with {@code ~/}; null or blank means the first root
     * @param includeHidden whether names starting with a dot are listed
     * @return the listing, with at most {@link #MAX_FOLDER_ENTRIES} entries
     * @throws PathForbiddenException  when the folder is outside the roots or cannot be read
     * @throws PathNotFoundException   when there is no such folder
     * @throws UnusablePathException   when the path is malformed or names something that is not a folder
     */
    FolderListing listFolder(String path, boolean includeHidden);

    /**
     * The entries of an archive (zip, tar, tar.gz/tgz, tar.bz2, tar.xz, 7z), in the order the
     * archive stores them. A compressed tar has no index, so listing it reads it whole.
     *
     * @param path an absolute path or one starting with {@code ~/}
     * @return the listing, with at most {@link #MAX_ARCHIVE_ENTRIES} entries
     * @throws PathForbiddenException  when the archive is outside the roots or cannot be read
     * @throws PathNotFoundException   when there is no such file
     * @throws UnusablePathException   when the path is malformed, or names a folder or a file that is no
     *                                 archive this registry reads
     */
    ArchiveListing listArchive(String path);
}
