package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.utils.InputStreamStatistics;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a tar, plain or compressed with gzip, bzip2 or xz (concatenated streams included), as one
 * stream. Only a plain tar has a cheap index (its headers, reached by seeking past the content).
 */
final class TarReader implements ArchiveReader {

    private static final int BUFFER = 1 << 16;

    private final Path archive;
    private final ArchiveFormat format;
    private final int memoryLimitKiB;
    private volatile InputStreamStatistics compressed;
    private volatile TarArchiveInputStream plain;

    TarReader(Path archive, ArchiveFormat format, int memoryLimitKiB) {
        this.archive = archive;
        this.format = format;
        this.memoryLimitKiB = memoryLimitKiB;
    }

    @Override
    public Optional<List<ArchiveItem>> index() throws IOException {
        if (format != ArchiveFormat.TAR) {
            return Optional.empty();
        }
        List<ArchiveItem> items = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new BufferedInputStream(Files.newInputStream(archive), BUFFER), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                items.add(item(entry));
            }
        }
        return Optional.of(items);
    }

    @Override
    public void read(Visitor visitor) throws IOException, JobCancelledException {
        InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER);
        try {
            if (format != ArchiveFormat.TAR) {
                InputStream decompressed = ArchiveFormat.decompress(format, in, memoryLimitKiB);
                compressed = (InputStreamStatistics) decompressed;
                in = decompressed;
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name())) {
                plain = tar;
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    visitor.entry(item(entry), tar);
                }
            }
        } finally {
            in.close();
        }
    }

    @Override
    public long compressedBytesRead() {
        InputStreamStatistics statistics = compressed;
        if (statistics != null) {
            return statistics.getCompressedCount();
        }
        TarArchiveInputStream tar = plain;
        return tar == null ? 0 : tar.getBytesRead();
    }

    @Override
    public boolean backslashSeparates() {
        return false;
    }

    @Override
    public void close() {
        // each read opens and closes its own streams
    }

    private static ArchiveItem item(TarArchiveEntry entry) {
        ArchiveItem.Kind kind;
        String linkTarget = null;
        if (entry.isSymbolicLink()) {
            kind = ArchiveItem.Kind.SYMLINK;
            linkTarget = entry.getLinkName();
        } else if (entry.isLink()) {
            kind = ArchiveItem.Kind.HARDLINK;
            linkTarget = entry.getLinkName();
        } else if (entry.isDirectory()) {
            kind = ArchiveItem.Kind.FOLDER;
        } else if (entry.isFile()) {
            kind = ArchiveItem.Kind.FILE;
        } else {
            kind = ArchiveItem.Kind.OTHER;
        }
        long size = kind == ArchiveItem.Kind.FILE ? (entry.isSparse() ? entry.getRealSize() : entry.getSize()) : 0;
        return new ArchiveItem(entry.getName(), kind, size, entry.getMode() & 0777, entry.getLastModifiedTime(),
                linkTarget);
    }
}
