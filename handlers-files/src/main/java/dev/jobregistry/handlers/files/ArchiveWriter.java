package dev.jobregistry.handlers.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;

/**
 * Writes entries into a new archive, whatever its format. Names use {@code /}; a folder's name
 * has no trailing slash (the writer adds what its format needs).
 */
interface ArchiveWriter extends Closeable {

    /** Adds a folder. */
    void folder(String name, FileMeta meta) throws IOException;

    /** Adds a symbolic link, stored as a link (never followed). */
    void symlink(String name, String target, FileMeta meta) throws IOException;

    /** Starts a regular file of {@code size} bytes; write exactly that to the stream, then {@link #closeFile}. */
    OutputStream file(String name, long size, FileMeta meta) throws IOException;

    /** Ends the file started last. */
    void closeFile() throws IOException;

    /** Writes what ends the archive and flushes every byte to the channel (which stays open until {@link #close}). */
    void finish() throws IOException;

    /**
     * A writer of {@code format} into {@code out}.
     *
     * @param level 0 (store) to 9 (smallest), or -1 for the format's default
     */
    static ArchiveWriter open(ArchiveFormat format, FileChannel out, int level) throws IOException {
        return switch (format) {
            case ZIP -> new ZipWriter(out, level);
            case SEVEN_Z -> new SevenZWriter(out, level);
            case TAR, TAR_GZ, TAR_BZ2, TAR_XZ -> new TarWriter(out, format, level);
        };
    }

    /**
     * LZMA2 options (xz, 7z) for {@code level}, lowered until the encoder fits in a quarter of the
     * heap: preset 9 wants about 674 MiB, which would take a small service down.
     */
    static org.tukaani.xz.LZMA2Options lzma2(int level) throws IOException {
        long budgetKiB = Runtime.getRuntime().maxMemory() / 4 / 1024;
        org.tukaani.xz.LZMA2Options options = new org.tukaani.xz.LZMA2Options(level);
        for (int preset = level - 1; preset >= 0 && options.getEncoderMemoryUsage() > budgetKiB; preset--) {
            options = new org.tukaani.xz.LZMA2Options(preset);
        }
        return options;
    }

    /** The default level of each format when the job gives none. */
    static int defaultLevel(ArchiveFormat format) {
        return switch (format) {
            case ZIP, TAR_GZ, TAR_XZ -> 6;
            case TAR_BZ2 -> 9;
            case SEVEN_Z -> 5;
            case TAR -> 0;
        };
    }
}
