package dev.jobregistry.handlers.files;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/** Crafts archives, hostile ones included, entry by entry, exactly as written (no name clean-up). */
final class Archives {

    /** One entry to write. */
    record Entry(String name, char kind, String content) {
        static Entry file(String name, String content) {
            return new Entry(name, 'f', content);
        }

        static Entry folder(String name) {
            return new Entry(name, 'd', null);
        }

        static Entry symlink(String name, String target) {
            return new Entry(name, 'l', target);
        }

        static Entry hardLink(String name, String target) {
            return new Entry(name, 'h', target);
        }
    }

    private Archives() {
    }

    static Path zip(Path file, Entry... entries) throws IOException {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            for (Entry entry : entries) {
                ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.kind() == 'd' ? entry.name() + "/" : entry.name());
                zipEntry.setUnixMode(switch (entry.kind()) {
                    case 'd' -> 0040755;
                    case 'l' -> 0120777;
                    default -> 0100644;
                });
                zip.putArchiveEntry(zipEntry);
                if (entry.content() != null) {
                    zip.write(entry.content().getBytes(StandardCharsets.UTF_8));
                }
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    static Path tar(Path file, boolean gzip, Entry... entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GzipCompressorOutputStream(raw) : raw;
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry entry : entries) {
                TarArchiveEntry tarEntry = switch (entry.kind()) {
                    case 'd' -> new TarArchiveEntry(entry.name() + "/", TarConstants.LF_DIR, true);
                    case 'l' -> new TarArchiveEntry(entry.name(), TarConstants.LF_SYMLINK, true);
                    case 'h' -> new TarArchiveEntry(entry.name(), TarConstants.LF_LINK, true);
                    default -> new TarArchiveEntry(entry.name(), TarConstants.LF_NORMAL, true);
                };
                byte[] content = entry.kind() == 'f' ? entry.content().getBytes(StandardCharsets.UTF_8) : new byte[0];
                if (entry.kind() == 'l' || entry.kind() == 'h') {
                    tarEntry.setLinkName(entry.content());
                }
                tarEntry.setSize(content.length);
                tar.putArchiveEntry(tarEntry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return file;
    }

    static Path sevenZ(Path file, Entry... entries) throws IOException {
        try (SevenZOutputFile sevenZ = new SevenZOutputFile(file.toFile())) {
            for (Entry entry : entries) {
                SevenZArchiveEntry sevenZEntry = new SevenZArchiveEntry();
                sevenZEntry.setName(entry.name());
                sevenZEntry.setDirectory(entry.kind() == 'd');
                int mode = switch (entry.kind()) {
                    case 'd' -> 0040755;
                    case 'l' -> 0120777;
                    default -> 0100644;
                };
                sevenZEntry.setHasWindowsAttributes(true);
                sevenZEntry.setWindowsAttributes(0x8000 | (mode << 16) | (entry.kind() == 'd' ? 0x10 : 0));
                sevenZ.putArchiveEntry(sevenZEntry);
                if (entry.content() != null) {
                    sevenZ.write(entry.content().getBytes(StandardCharsets.UTF_8));
                }
                sevenZ.closeArchiveEntry();
            }
        }
        return file;
    }

    /**
     * A raw deflate stream of {@code mebibytes} MiB of zeros, built from one compressed MiB repeated
     * (each chunk ends with a full flush, so chunks are independent): gigabytes in a few MB, at once.
     *
     * @param prefix bytes to compress before the zeros (a tar header), or empty
     */
    static byte[] deflatedZeros(byte[] prefix, int mebibytes) {
        Deflater deflater = new Deflater(9, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        if (prefix.length > 0) {
            deflater.setInput(prefix);
            drain(deflater, buffer, out, Deflater.FULL_FLUSH);
        }
        deflater.setInput(new byte[1 << 20]);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        drain(deflater, buffer, chunk, Deflater.FULL_FLUSH);
        byte[] chunkBytes = chunk.toByteArray();
        for (int i = 0; i < mebibytes; i++) {
            out.writeBytes(chunkBytes);
        }
        deflater.finish();
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            out.write(buffer, 0, n);
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void drain(Deflater deflater, byte[] buffer, ByteArrayOutputStream out, int flush) {
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, flush);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
    }

    /**
     * A zip holding one file of {@code mebibytes} MiB of zeros, compressed to a few KB per 100 MiB,
     * whose header declares {@code declaredSize} bytes (the truth, or a lie).
     */
    static Path zipOfZeros(Path file, int mebibytes, long declaredSize) throws IOException {
        byte[] deflated = deflatedZeros(new byte[0], mebibytes);
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < mebibytes; i++) {
            crc.update(zeros);
        }
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
            ZipArchiveEntry entry = new ZipArchiveEntry("zeros.bin");
            entry.setMethod(ZipEntry.DEFLATED);
            entry.setSize(declaredSize);
            entry.setCompressedSize(deflated.length);
            entry.setCrc(crc.getValue());
            entry.setUnixMode(0100644);
            zip.addRawArchiveEntry(entry, new java.io.ByteArrayInputStream(deflated));
        }
        return file;
    }

    /**
     * A tar.gz holding one file of {@code mebibytes} MiB of zeros; one more MiB of zeros ends the
     * tar (as its end-of-archive blocks).
     */
    static Path tarGzOfZeros(Path file, int mebibytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("zeros.bin");
        entry.setSize((long) mebibytes << 20);
        entry.setMode(0100644);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        byte[] deflated = deflatedZeros(header, mebibytes + 1);
        CRC32 crc = new CRC32();
        crc.update(header);
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i <= mebibytes; i++) {
            crc.update(zeros);
        }
        long size = header.length + ((long) (mebibytes + 1) << 20);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[]{0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3});
            out.write(deflated);
            out.write(littleEndian((int) crc.getValue()));
            out.write(littleEndian((int) size));
        }
        return file;
    }

    private static byte[] littleEndian(int value) {
        return new byte[]{(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }
}
