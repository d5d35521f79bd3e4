package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The one way the file handlers write a file: copy, move (across file systems) and extract all
 * come through here. It
 * <ul>
 *   <li>creates the file with {@code CREATE_NEW} and {@code NOFOLLOW_LINKS}, so it never writes
 *       through a symbolic link and never clobbers a file by accident;</li>
 *   <li>when asked to replace what is there, writes a hidden temporary sibling and renames it
 *       over the old file only once it is complete, so an interruption leaves the old file;</li>
 *   <li>works in chunks (8 MiB of {@link FileChannel#transferTo} between files, 1 MiB buffers
 *       from a stream), checking for cancellation and reporting bytes after each chunk, so a
 *       cancel takes effect within a chunk even inside a huge file;</li>
 *   <li>on failure or cancellation removes the file it was writing.</li>
 * </ul>
 * One instance serves one job (it owns its buffers); it is not thread-safe.
 */
final class FileCopier {

    /** Receives the count of bytes just written; may throw to stop the copy (a size limit, say). */
    @FunctionalInterface
    interface ByteListener {
        void written(long bytes) throws IOException;
    }

    /** What to do when something is already at the target. */
    enum Placement {
        /** Fail with {@link FileAlreadyExistsException}; nothing is touched. */
        NEW,
        /** Replace it (a file or a link, never a folder) once the new file is complete. */
        REPLACE_EXISTING
    }

    static final int BUFFER_SIZE = 1 << 20;
    static final long CHUNK = 8L << 20;

    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
            LinkOption.NOFOLLOW_LINKS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobContext context;
    private byte[] buffer;
    private ByteBuffer direct;

    FileCopier(JobContext context) {
        this.context = context;
    }

    /**
     * Copies the regular file {@code source} (not followed if it is a link: the caller has checked
     * it is a regular file) to {@code target}, then applies {@code meta}.
     */
    void copyFile(Path source, Path target, Placement placement, FileMeta meta, ByteListener listener)
            throws IOException, JobCancelledException {
        write(target, placement, meta, out -> {
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                long size = in.size(); // what is there when the copy starts is what is copied
                long position = 0;
                while (position < size) {
                    context.checkCancelled();
                    long moved = in.transferTo(position, Math.min(CHUNK, size - position), out);
                    if (moved <= 0) {
                        break; // the file shrank meanwhile
                    }
                    position += moved;
                    listener.written(moved);
                }
            }
        });
    }

    /** Writes everything {@code content} yields to {@code target}, then applies {@code meta}. */
    void writeFile(InputStream content, Path target, Placement placement, FileMeta meta, ByteListener listener)
            throws IOException, JobCancelledException {
        write(target, placement, meta, out -> {
            byte[] bytes = buffer();
            ByteBuffer staging = direct();
            while (true) {
                context.checkCancelled();
                int read = content.readNBytes(bytes, 0, bytes.length);
                if (read <= 0) {
                    break;
                }
                staging.clear();
                staging.put(bytes, 0, read).flip();
                while (staging.hasRemaining()) {
                    out.write(staging);
                }
                listener.written(read);
            }
        });
    }

    /**
     * Copies exactly {@code size} bytes from {@code in} to {@code out} (an archive being written).
     *
     * @throws IOException if {@code in} holds fewer or more bytes than {@code size} (the file
     *                     changed while it was read)
     */
    void pump(InputStream in, OutputStream out, long size, String name, ByteListener listener)
            throws IOException, JobCancelledException {
        byte[] bytes = buffer();
        long remaining = size;
        while (remaining > 0) {
            context.checkCancelled();
            int read = in.readNBytes(bytes, 0, (int) Math.min(bytes.length, remaining));
            if (read <= 0) {
                throw new IOException(name + " shrank while it was being read (expected " + size + " bytes)");
            }
            out.write(bytes, 0, read);
            remaining -= read;
            listener.written(read);
        }
        if (in.read() != -1) {
            throw new IOException(name + " grew while it was being read (expected " + size + " bytes)");
        }
    }

    /**
     * Creates the symbolic link {@code at} pointing to {@code linkTarget} (never following
     * anything), with {@code meta}'s time; with {@link Placement#REPLACE_EXISTING} a file or link
     * already at {@code at} is replaced atomically.
     */
    static void placeLink(Path at, Path linkTarget, FileMeta meta, Placement placement) throws IOException {
        Path made = at;
        try {
            Files.createSymbolicLink(at, linkTarget);
        } catch (FileAlreadyExistsException e) {
            if (placement != Placement.REPLACE_EXISTING) {
                throw e;
            }
            made = temporarySibling(at);
            Files.createSymbolicLink(made, linkTarget);
        }
        boolean complete = false;
        try {
            meta.applyTo(made, true);
            if (!made.equals(at)) {
                Files.move(made, at, StandardCopyOption.ATOMIC_MOVE);
            }
            complete = true;
        } finally {
            if (!complete) {
                deleteQuietly(made);
            }
        }
    }

    /** Deletes {@code path} if it is there, keeping quiet about failure (cleanup after another error). */
    static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            // the original error matters more; a leftover is reported by nobody
        }
    }

    /** A hidden, unused name next to {@code target} for a file that replaces it when complete. */
    static Path temporarySibling(Path target) {
        String name = target.getFileName().toString();
        String base = name.length() > 100 ? name.substring(0, 100) : name;
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return target.resolveSibling("." + base + "." + HexFormat.of().formatHex(random) + ".part");
    }

    private interface Body {
        void writeTo(FileChannel out) throws IOException, JobCancelledException;
    }

    private void write(Path target, Placement placement, FileMeta meta, Body body)
            throws IOException, JobCancelledException {
        Path written = target;
        FileChannel out;
        try {
            out = create(target, meta);
        } catch (FileAlreadyExistsException e) {
            if (placement != Placement.REPLACE_EXISTING) {
                throw e;
            }
            written = temporarySibling(target);
            out = create(written, meta);
        }
        boolean complete = false;
        try {
            try (FileChannel channel = out) {
                body.writeTo(channel);
            }
            meta.applyTo(written, false, true);
            if (!written.equals(target)) {
                Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
            }
            complete = true;
        } finally {
            if (!complete) {
                deleteQuietly(written);
            }
        }
    }

    private static FileChannel create(Path path, FileMeta meta) throws IOException {
        return FileChannel.open(path, CREATE, meta.creationAttributes());
    }

    private byte[] buffer() {
        if (buffer == null) {
            buffer = new byte[BUFFER_SIZE];
        }
        return buffer;
    }

    private ByteBuffer direct() {
        if (direct == null) {
            direct = ByteBuffer.allocateDirect(BUFFER_SIZE);
        }
        return direct;
    }
}
