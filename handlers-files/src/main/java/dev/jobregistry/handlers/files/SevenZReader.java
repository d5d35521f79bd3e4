package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a 7z with {@link SevenZFile}, entry after entry (cheap for solid archives). Unix modes and
 * symbolic links come from the high 16 bits of the Windows attributes, flagged with
 * {@code 0x8000}, as 7-Zip and p7zip write them on Unix; a link's content is its target.
 */
final class SevenZReader implements ArchiveReader {

    /** 7-Zip's flag for "the high 16 bits hold a Unix st_mode". */
    static final int UNIX_EXTENSION = 0x8000;
    static final int FILE_ATTRIBUTE_DIRECTORY = 0x10;

    private final CountingChannel channel;
    private final SevenZFile file;

    SevenZReader(Path archive, int memoryLimitKiB) throws IOException {
        channel = new CountingChannel(FileChannel.open(archive, StandardOpenOption.READ));
        try {
            file = SevenZFile.builder().setSeekableByteChannel(channel).setMaxMemoryLimitKiB(memoryLimitKiB).get();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Optional<List<ArchiveItem>> index() {
        List<ArchiveItem> items = new ArrayList<>();
        for (SevenZArchiveEntry entry : file.getEntries()) {
            if (!entry.isAntiItem()) {
                items.add(item(entry));
            }
        }
        return Optional.of(items);
    }

    @Override
    public void read(Visitor visitor) throws IOException, JobCancelledException {
        InputStream content = new InputStream() {
            @Override
            public int read() throws IOException {
                return file.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return length == 0 ? 0 : file.read(buffer, offset, length);
            }
        };
        SevenZArchiveEntry entry;
        while ((entry = file.getNextEntry()) != null) {
            if (entry.isAntiItem()) {
                continue; // "delete this" markers of update archives: nothing to extract
            }
            ArchiveItem item = item(entry);
            if (item.kind() == ArchiveItem.Kind.SYMLINK) {
                item = item.withLinkTarget(LinkTargets.read(content, item.name()));
            }
            visitor.entry(item, content);
        }
    }

    @Override
    public long compressedBytesRead() {
        return channel.count();
    }

    @Override
    public boolean backslashSeparates() {
        return true;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** The Unix mode in {@code attributes}, or 0 when they carry none. */
    static int unixMode(SevenZArchiveEntry entry) {
        if (!entry.getHasWindowsAttributes()) {
            return 0;
        }
        int attributes = entry.getWindowsAttributes();
        return (attributes & UNIX_EXTENSION) != 0 ? attributes >>> 16 : 0;
    }

    private static ArchiveItem item(SevenZArchiveEntry entry) {
        int unixMode = unixMode(entry);
        int type = unixMode & 0170000;
        ArchiveItem.Kind kind;
        if (entry.isDirectory() || type == 0040000) {
            kind = ArchiveItem.Kind.FOLDER;
        } else if (type == 0120000) {
            kind = ArchiveItem.Kind.SYMLINK;
        } else if (type == 0 || type == 0100000) {
            kind = ArchiveItem.Kind.FILE;
        } else {
            kind = ArchiveItem.Kind.OTHER;
        }
        int mode = unixMode != 0 ? unixMode & 0777 : -1;
        return new ArchiveItem(entry.getName() == null ? "" : entry.getName(), kind, entry.getSize(), mode,
                entry.getHasLastModifiedDate() ? entry.getLastModifiedTime() : null, null);
    }
}
