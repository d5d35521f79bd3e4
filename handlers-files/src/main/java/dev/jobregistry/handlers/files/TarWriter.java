package dev.jobregistry.handlers.files;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.CompressorOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX (pax) tar, plain or compressed with gzip, bzip2 or xz: long names and big sizes
 * in pax headers, UTF-8 names, symbolic links as links.
 */
final class TarWriter implements ArchiveWriter {

    private static final int BUFFER = 1 << 18;

    private final BufferedOutputStream toChannel;
    private final CompressorOutputStream<?> compressor;
    private final BufferedOutputStream toCompressor;
    private final TarArchiveOutputStream tar;

    TarWriter(FileChannel out, ArchiveFormat format, int level) throws IOException {
        int chosen = level < 0 ? ArchiveWriter.defaultLevel(format) : level;
        toChannel = new BufferedOutputStream(Channels.newOutputStream(out), BUFFER);
        compressor = switch (format) {
            case TAR_GZ -> {
                GzipParameters parameters = new GzipParameters();
                parameters.setCompressionLevel(chosen);
                yield new GzipCompressorOutputStream(toChannel, parameters);
            }
            case TAR_BZ2 -> new BZip2CompressorOutputStream(toChannel, Math.max(1, chosen));
            case TAR_XZ -> XZCompressorOutputStream.builder().setOutputStream(toChannel)
                    .setLzma2Options(ArchiveWriter.lzma2(chosen)).get();
            default -> null;
        };
        toCompressor = compressor == null ? null : new BufferedOutputStream(compressor, BUFFER);
        tar = new TarArchiveOutputStream(toCompressor != null ? toCompressor : toChannel, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    @Override
    public void folder(String name, FileMeta meta) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        entry.setMode(0040000 | ZipWriter.mode(meta, 0755));
        time(entry, meta);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    @Override
    public void symlink(String name, String target, FileMeta meta) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        entry.setLinkName(target);
        entry.setMode(0120777);
        time(entry, meta);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    @Override
    public OutputStream file(String name, long size, FileMeta meta) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
        entry.setMode(0100000 | ZipWriter.mode(meta, 0644));
        entry.setSize(size);
        time(entry, meta);
        tar.putArchiveEntry(entry);
        return new FilterOutputStream(tar) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                tar.write(bytes, offset, length);
            }

            @Override
            public void close() {
                // the entry is closed by closeFile
            }
        };
    }

    @Override
    public void closeFile() throws IOException {
        tar.closeArchiveEntry();
    }

    @Override
    public void finish() throws IOException {
        tar.finish();
        if (compressor != null) {
            toCompressor.flush();
            compressor.finish();
        }
        toChannel.flush();
    }

    @Override
    public void close() throws IOException {
        // not through the compressor: once finished, a flush would append bytes after its trailer
        toChannel.close();
    }

    private static void time(TarArchiveEntry entry, FileMeta meta) {
        if (meta.modified() != null) {
            entry.setModTime(meta.modified());
        }
    }
}
