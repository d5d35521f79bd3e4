package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * The quick scan before the work: how many files, folders and links an item holds and how many
 * bytes its regular files hold. Links are counted, never followed.
 *
 * @param files   regular files
 * @param folders folders, the item itself included when it is one
 * @param links   symbolic links
 * @param others  anything else (devices, pipes, sockets): skipped by the handlers
 * @param bytes   bytes in regular files
 */
record TreeScan(long files, long folders, long links, long others, long bytes) {

    static final TreeScan EMPTY = new TreeScan(0, 0, 0, 0, 0);

    /** Scans {@code item}, checking for cancellation every few hundred entries. */
    static TreeScan of(Path item, JobContext context) throws IOException, JobCancelledException {
        long[] counts = new long[5];
        try {
            Files.walkFileTree(item, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                    new FileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
                                throws IOException {
                            counts[1]++;
                            return tick();
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                            if (attributes.isRegularFile()) {
                                counts[0]++;
                                counts[4] += attributes.size();
                            } else if (attributes.isSymbolicLink()) {
                                counts[2]++;
                            } else if (attributes.isDirectory()) {
                                counts[1]++;
                            } else {
                                counts[3]++;
                            }
                            return tick();
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE; // the work itself reports what it cannot read
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }

                        private FileVisitResult tick() throws IOException {
                            if ((counts[0] + counts[1] + counts[2]) % 256 == 0 && context.isCancelRequested()) {
                                throw new CancelledWalk();
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (CancelledWalk e) {
            throw new JobCancelledException();
        }
        return new TreeScan(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /** The sum of two scans. */
    TreeScan plus(TreeScan other) {
        return new TreeScan(files + other.files, folders + other.folders, links + other.links, others + other.others,
                bytes + other.bytes);
    }

    /** Files and links: the things a message counts ("3 of 120 files"). */
    long fileCount() {
        return files + links;
    }

    /** Carries a cancel request out of a {@link FileVisitor}, whose methods may only throw IOException. */
    static final class CancelledWalk extends IOException {
        CancelledWalk() {
            super("cancelled", null);
        }
    }
}
