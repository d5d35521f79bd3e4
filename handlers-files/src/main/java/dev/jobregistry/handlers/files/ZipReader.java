package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.InputStreamStatistics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads a zip through its central directory ({@link ZipFile}), in the order the entries are
 * stored. Unix modes and symbolic links come from the entries' Unix attributes (as Info-ZIP and
 * {@code zip -y} write them); each file's CRC is checked as it is read.
 */
final class ZipReader implements ArchiveReader {

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    private final ZipFile zip;
    private long finishedCompressed;
    private InputStreamStatistics current;

    ZipReader(Path archive) throws IOException {
        zip = ZipFile.builder().setPath(archive).get();
    }

    @Override
    public Optional<List<ArchiveItem>> index() {
        List<ArchiveItem> items = new ArrayList<>();
        for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
            items.add(item(entry, null));
        }
        return Optional.of(items);
    }

    @Override
    public void read(Visitor visitor) throws IOException, JobCancelledException {
        for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
            if (!zip.canReadEntryData(entry)) {
                throw new IOException("entry " + entry.getName() + " cannot be read: it is encrypted or compressed"
                        + " with a method this service does not support (zip method " + entry.getMethod() + ")");
            }
            ArchiveItem item = item(entry, null);
            try (InputStream in = zip.getInputStream(entry)) {
                current = in instanceof InputStreamStatistics statistics ? statistics : null;
                if (item.kind() == ArchiveItem.Kind.SYMLINK) {
                    item = item.withLinkTarget(LinkTargets.read(in, entry.getName()));
                }
                InputStream content = entry.getCrc() >= 0 && item.kind() == ArchiveItem.Kind.FILE
                        ? new CrcCheckingInputStream(in, entry.getCrc(), entry.getName()) : in;
                visitor.entry(item, content);
            } finally {
                current = null;
                finishedCompressed += Math.max(0, entry.getCompressedSize());
            }
        }
    }

    @Override
    public long compressedBytesRead() {
        InputStreamStatistics statistics = current;
        return finishedCompressed + (statistics == null ? 0 : statistics.getCompressedCount());
    }

    @Override
    public boolean backslashSeparates() {
        return true;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static ArchiveItem item(ZipArchiveEntry entry, String linkTarget) {
        boolean unix = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX;
        int unixMode = unix ? entry.getUnixMode() : 0;
        int type = unixMode & S_IFMT;
        ArchiveItem.Kind kind;
        if (entry.isUnixSymlink()) {
            kind = ArchiveItem.Kind.SYMLINK;
        } else if (entry.isDirectory() || type == S_IFDIR) {
            kind = ArchiveItem.Kind.FOLDER;
        } else if (type == 0 || type == S_IFREG) {
            kind = ArchiveItem.Kind.FILE;
        } else {
            kind = ArchiveItem.Kind.OTHER;
        }
        int mode = unix && unixMode != 0 ? unixMode & 0777 : -1;
        return new ArchiveItem(entry.getName(), kind, Math.max(0, entry.getSize()), mode, entry.getLastModifiedTime(),
                linkTarget);
    }
}
