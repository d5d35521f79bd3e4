package dev.jobregistry.handlers.files;

import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;

/**
 * Writes a zip as Info-ZIP's {@code zip -y} would: Unix modes in the external attributes,
 * symbolic links as stored entries whose content is the target, modification times in the
 * extended-timestamp field (one-second precision; DOS time alone has two), UTF-8 names. Writing to
 * a seekable channel puts sizes in the local headers, which every reader understands.
 */
final class ZipWriter implements ArchiveWriter {

    private final ZipArchiveOutputStream zip;
    private final int method;

    ZipWriter(FileChannel out, int level) {
        zip = new ZipArchiveOutputStream(out);
        zip.setUseZip64(Zip64Mode.AsNeeded);
        int chosen = level < 0 ? ArchiveWriter.defaultLevel(ArchiveFormat.ZIP) : level;
        method = chosen == 0 ? ZipEntry.STORED : ZipEntry.DEFLATED;
        if (chosen > 0) {
            zip.setLevel(chosen);
        }
    }

    @Override
    public void folder(String name, FileMeta meta) throws IOException {
        ZipArchiveEntry entry = entry(name + "/", 0040000 | mode(meta, 0755), meta);
        entry.setMethod(ZipEntry.STORED);
        zip.putArchiveEntry(entry);
        zip.closeArchiveEntry();
    }

    @Override
    public void symlink(String name, String target, FileMeta meta) throws IOException {
        ZipArchiveEntry entry = entry(name, 0120777, meta);
        entry.setMethod(ZipEntry.STORED);
        zip.putArchiveEntry(entry);
        zip.write(target.getBytes(StandardCharsets.UTF_8));
        zip.closeArchiveEntry();
    }

    @Override
    public OutputStream file(String name, long size, FileMeta meta) throws IOException {
        ZipArchiveEntry entry = entry(name, 0100000 | mode(meta, 0644), meta);
        entry.setMethod(method);
        entry.setSize(size);
        zip.putArchiveEntry(entry);
        return new FilterOutputStream(zip) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                zip.write(bytes, offset, length);
            }

            @Override
            public void close() {
                // the entry is closed by closeFile
            }
        };
    }

    @Override
    public void closeFile() throws IOException {
        zip.closeArchiveEntry();
    }

    @Override
    public void finish() throws IOException {
        zip.finish();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static ZipArchiveEntry entry(String name, int unixMode, FileMeta meta) {
        ZipArchiveEntry entry = new ZipArchiveEntry(name);
        entry.setUnixMode(unixMode);
        FileTime modified = meta.modified();
        if (modified != null) {
            entry.setTime(modified.toMillis());
            X5455_ExtendedTimestamp timestamp = new X5455_ExtendedTimestamp();
            timestamp.setModifyFileTime(modified);
            entry.addExtraField(timestamp);
        }
        return entry;
    }

    static int mode(FileMeta meta, int fallback) {
        return meta.mode() >= 0 ? meta.mode() : fallback;
    }
}
