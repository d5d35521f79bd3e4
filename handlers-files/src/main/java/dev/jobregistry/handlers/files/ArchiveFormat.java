package dev.jobregistry.handlers.files;

import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The archive formats the handlers read and write, with their names and file extensions. */
enum ArchiveFormat {
    ZIP("zip", List.of(".zip")),
    TAR("tar", List.of(".tar")),
    TAR_GZ("tar.gz", List.of(".tar.gz", ".tgz")),
    TAR_BZ2("tar.bz2", List.of(".tar.bz2", ".tbz2", ".tbz")),
    TAR_XZ("tar.xz", List.of(".tar.xz", ".txz")),
    SEVEN_Z("7z", List.of(".7z"));

    private static final byte[] SEVEN_Z_SIGNATURE = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};
    private static final byte[] XZ_SIGNATURE = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

    private final String wireName;
    private final List<String> extensions;

    ArchiveFormat(String wireName, List<String> extensions) {
        this.wireName = wireName;
        this.extensions = extensions;
    }

    /** The name clients use in {@code options.format}: {@code zip}, {@code tar.gz}, {@code 7z}, ... */
    String wireName() {
        return wireName;
    }

    /** Whether this is a tar, compressed or not. */
    boolean isTar() {
        return this != ZIP && this != SEVEN_Z;
    }

    /** Every wire name, for messages. */
    static String names() {
        return Arrays.stream(values()).map(ArchiveFormat::wireName).collect(Collectors.joining(", "));
    }

    /** The format a client names: a wire name or an extension without its dot ({@code tgz}). */
    static Optional<ArchiveFormat> byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        String dotted = wanted.startsWith(".") ? wanted : "." + wanted;
        return Arrays.stream(values())
                .filter(format -> format.wireName.equals(wanted) || format.extensions.contains(dotted))
                .findFirst();
    }

    /** The format a file name's extension names. */
    static Optional<ArchiveFormat> byExtension(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(format -> format.extensions.stream().anyMatch(name::endsWith))
                .findFirst();
    }

    /**
     * The format of an existing archive, judged by its first bytes (a compressed file must hold a
     * tar: the start of its content is decompressed to see), then by its extension.
     *
     * @throws UnsupportedArchiveException when the file is no archive this handler can read
     */
    static ArchiveFormat detect(Path archive) throws IOException {
        byte[] head = new byte[512];
        int length;
        try (InputStream in = Files.newInputStream(archive)) {
            length = in.readNBytes(head, 0, head.length);
        }
        String name = archive.getFileName().toString();
        if (startsWith(head, length, new byte[]{'P', 'K', 3, 4}) || startsWith(head, length, new byte[]{'P', 'K', 5, 6})) {
            return ZIP;
        }
        if (startsWith(head, length, SEVEN_Z_SIGNATURE)) {
            return SEVEN_Z;
        }
        ArchiveFormat compressed = null;
        if (startsWith(head, length, new byte[]{0x1F, (byte) 0x8B})) {
            compressed = TAR_GZ;
        } else if (startsWith(head, length, new byte[]{'B', 'Z', 'h'})) {
            compressed = TAR_BZ2;
        } else if (startsWith(head, length, XZ_SIGNATURE)) {
            compressed = TAR_XZ;
        }
        if (compressed != null) {
            if (!holdsTar(archive, compressed) && byExtension(archive).map(ArchiveFormat::isTar).orElse(false) == false) {
                throw new UnsupportedArchiveException(name + " is a compressed file (" + compressed.wireName.substring(4)
                        + ") but not a tar archive; only tar archives are extracted from gzip, bzip2 and xz files");
            }
            return compressed;
        }
        if (TarArchiveInputStream.matches(head, length)) {
            return TAR;
        }
        if (startsWith(head, length, "Rar!".getBytes(StandardCharsets.US_ASCII))) {
            throw new UnsupportedArchiveException(name + " is a RAR archive; supported formats are " + names());
        }
        Optional<ArchiveFormat> byName = byExtension(archive);
        if (byName.isPresent() && byName.get() == TAR) {
            return TAR; // an old (v7) tar has no magic number
        }
        throw new UnsupportedArchiveException(name + " is not an archive this service can read (supported: "
                + names() + ")");
    }

    /** Opens the decompressing stream for a compressed tar. */
    static InputStream decompress(ArchiveFormat format, InputStream in, int memoryLimitKiB) throws IOException {
        return switch (format) {
            case TAR_GZ -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case TAR_BZ2 -> new BZip2CompressorInputStream(in, true);
            case TAR_XZ -> XZCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true)
                    .setMemoryLimitKiB(memoryLimitKiB).get();
            default -> throw new IllegalArgumentException(format + " is not a compressed tar");
        };
    }

    private static boolean holdsTar(Path archive, ArchiveFormat format) {
        try (InputStream in = decompress(format, new BufferedInputStream(Files.newInputStream(archive)), 1 << 20)) {
            byte[] head = new byte[512];
            int length = in.readNBytes(head, 0, head.length);
            return TarArchiveInputStream.matches(head, length);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] bytes, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The file is not an archive in a supported format; the message says what it is. */
    static final class UnsupportedArchiveException extends IOException {
        UnsupportedArchiveException(String message) {
            super(message);
        }
    }
}
