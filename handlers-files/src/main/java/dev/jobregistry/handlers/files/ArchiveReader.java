package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads the entries of an archive, whatever its format. */
interface ArchiveReader extends Closeable {

    /** Receives each entry with its content (empty for folders; a link's target is in the item). */
    @FunctionalInterface
    interface Visitor {
        void entry(ArchiveItem item, InputStream content) throws IOException, JobCancelledException;
    }

    /**
     * The entries as the archive's index lists them, when that is cheap (zip's central directory,
     * 7z's header, a plain tar's headers reached by seeking); empty for a compressed tar, which
     * would have to be decompressed twice.
     */
    Optional<List<ArchiveItem>> index() throws IOException;

    /** Calls {@code visitor} for each entry, in the order the archive stores them. */
    void read(Visitor visitor) throws IOException, JobCancelledException;

    /** Compressed bytes consumed so far: what the expansion ratio is measured against. */
    long compressedBytesRead();

    /** Whether a backslash in a name separates folders (archives made on Windows: zip, 7z). */
    boolean backslashSeparates();

    /**
     * Opens {@code archive}.
     *
     * @param memoryLimitKiB the most memory a decompressor (LZMA's dictionary) may ask for
     */
    static ArchiveReader open(Path archive, ArchiveFormat format, int memoryLimitKiB) throws IOException {
        return switch (format) {
            case ZIP -> new ZipReader(archive);
            case SEVEN_Z -> new SevenZReader(archive, memoryLimitKiB);
            case TAR, TAR_GZ, TAR_BZ2, TAR_XZ -> new TarReader(archive, format, memoryLimitKiB);
        };
    }
}
