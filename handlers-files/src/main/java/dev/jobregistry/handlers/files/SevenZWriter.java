package dev.jobregistry.handlers.files;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.tukaani.xz.LZMA2Options;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a 7z with LZMA2 (or stored, at level 0). Unix modes and symbolic links go in the high 16
 * bits of the Windows attributes with 7-Zip's Unix-extension flag, as 7-Zip writes them on Linux,
 * so {@code 7zz x} restores permissions and links.
 */
final class SevenZWriter implements ArchiveWriter {

    private static final int FILE_ATTRIBUTE_ARCHIVE = 0x20;

    private final SevenZOutputFile sevenZ;
    private final LZMA2Options lzma2;

    SevenZWriter(FileChannel out, int level) throws IOException {
        int chosen = level < 0 ? ArchiveWriter.defaultLevel(ArchiveFormat.SEVEN_Z) : level;
        sevenZ = new SevenZOutputFile(out);
        lzma2 = chosen == 0 ? null : ArchiveWriter.lzma2(chosen);
        sevenZ.setContentMethods(List.of(lzma2 == null ? new SevenZMethodConfiguration(SevenZMethod.COPY)
                : new SevenZMethodConfiguration(SevenZMethod.LZMA2, lzma2)));
    }

    @Override
    public void folder(String name, FileMeta meta) throws IOException {
        SevenZArchiveEntry entry = entry(name, SevenZReader.FILE_ATTRIBUTE_DIRECTORY, 0040000 | ZipWriter.mode(meta, 0755),
                meta);
        entry.setDirectory(true);
        sevenZ.putArchiveEntry(entry);
        sevenZ.closeArchiveEntry();
    }

    @Override
    public void symlink(String name, String target, FileMeta meta) throws IOException {
        sevenZ.putArchiveEntry(entry(name, FILE_ATTRIBUTE_ARCHIVE, 0120777, meta));
        sevenZ.write(target.getBytes(StandardCharsets.UTF_8));
        sevenZ.closeArchiveEntry();
    }

    @Override
    public OutputStream file(String name, long size, FileMeta meta) throws IOException {
        SevenZArchiveEntry entry = entry(name, FILE_ATTRIBUTE_ARCHIVE, 0100000 | ZipWriter.mode(meta, 0644), meta);
        if (lzma2 != null && size < lzma2.getDictSize()) {
            // each entry gets its own encoder: a dictionary larger than the file compresses no better and
            // only costs time to set up (milliseconds per file at the default level), so it is cut to size
            LZMA2Options small = (LZMA2Options) lzma2.clone();
            small.setDictSize((int) Math.max(LZMA2Options.DICT_SIZE_MIN, Long.highestOneBit(Math.max(1, size)) << 1));
            entry.setContentMethods(new SevenZMethodConfiguration(SevenZMethod.LZMA2, small));
        }
        sevenZ.putArchiveEntry(entry);
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                sevenZ.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                sevenZ.write(bytes, offset, length);
            }
        };
    }

    @Override
    public void closeFile() throws IOException {
        sevenZ.closeArchiveEntry();
    }

    @Override
    public void finish() throws IOException {
        sevenZ.finish();
    }

    @Override
    public void close() throws IOException {
        sevenZ.close();
    }

    private static SevenZArchiveEntry entry(String name, int windowsAttributes, int unixMode, FileMeta meta) {
        SevenZArchiveEntry entry = new SevenZArchiveEntry();
        entry.setName(name);
        entry.setDirectory(false);
        entry.setHasWindowsAttributes(true);
        entry.setWindowsAttributes(windowsAttributes | SevenZReader.UNIX_EXTENSION | (unixMode << 16));
        if (meta.modified() != null) {
            entry.setLastModifiedTime(meta.modified());
        }
        return entry;
    }
}
