package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.HandlerEnvironment;
import dev.jobregistry.application.spi.JobHandler;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Builds sample trees and describes trees, for comparing what went in with what came out. */
final class Trees {

    /** A fixed time with a whole second: what every archive format can carry. */
    static final FileTime TIME = FileTime.from(Instant.parse("2023-04-05T06:07:09Z"));

    private Trees() {
    }

    /** Initialises {@code handler} with {@code roots} as the allowed roots. */
    static <H extends JobHandler> H init(H handler, Path... roots) {
        handler.init(new HandlerEnvironment(List.of(roots).stream().map(Trees::real).toList(), Clock.systemUTC()));
        return handler;
    }

    static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes {@code root}/{@code name}: text, binary and empty files, an empty folder, nested folders,
     * links to a file, to a folder and dangling, and varied permissions, every time set to {@link #TIME}.
     */
    static Path sample(Path root, String name) throws IOException {
        Path top = Files.createDirectories(root.resolve(name));
        Files.writeString(top.resolve("readme.txt"), "Hello, archive!\nLine two: äöü ✓\n");
        byte[] binary = new byte[300_000];
        new Random(42).nextBytes(binary);
        Files.write(top.resolve("data.bin"), binary);
        Files.write(top.resolve("empty.dat"), new byte[0]);
        Files.createDirectories(top.resolve("empty folder"));
        Path deep = Files.createDirectories(top.resolve("a/b/c"));
        Files.writeString(deep.resolve("deep.txt"), "deep\n".repeat(1000));
        Path script = top.resolve("a/run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Path secret = top.resolve("a/secret.txt");
        Files.writeString(secret, "only me\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(top.resolve("link-to-readme"), Path.of("readme.txt"));
        Files.createSymbolicLink(top.resolve("a/b/link-to-c"), Path.of("c"));
        Files.createSymbolicLink(top.resolve("a/dangling"), Path.of("b/not-there"));
        Files.setPosixFilePermissions(top.resolve("a/b"), PosixFilePermissions.fromString("rwxr-xr-x"));
        touchAll(top);
        return top;
    }

    /** Sets every modification time under {@code top} (links included, not followed) to {@link #TIME}. */
    static void touchAll(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                new FileMeta(-1, TIME).applyTo(file, attributes.isSymbolicLink());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                new FileMeta(-1, TIME).applyTo(dir, false);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Describes every file, folder and link under {@code top} (relative path → kind, content
     * digest or link target, permissions, modification time to the second).
     */
    static Map<String, String> snapshot(Path top) throws IOException {
        return snapshot(top, true);
    }

    /**
     * As {@link #snapshot(Path)} without the times of links: unzip 6.0 does not set them, not even
     * for zips made by {@code zip -y}.
     */
    static Map<String, String> snapshotIgnoringLinkTimes(Path top) throws IOException {
        Map<String, String> tree = snapshot(top, true);
        tree.replaceAll((name, description) -> description.startsWith("link -> ")
                ? description.replaceFirst(" @\\d+$", "") : description);
        return tree;
    }

    /** As {@link #snapshot(Path)}, with or without times. */
    static Map<String, String> snapshot(Path top, boolean withTimes) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        Files.walkFileTree(top, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                tree.put(name(dir) + "/", describe(dir, "folder"));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String kind = attributes.isSymbolicLink() ? "link -> " + Files.readSymbolicLink(file)
                        : attributes.isRegularFile() ? "file " + digest(file) : "other";
                tree.put(name(file), describe(file, kind));
                return FileVisitResult.CONTINUE;
            }

            private String name(Path path) {
                return top.relativize(path).toString();
            }

            private String describe(Path path, String kind) throws IOException {
                PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String permissions = attributes.isSymbolicLink() ? "" : " " + PosixFilePermissions.toString(
                        attributes.permissions());
                String time = withTimes ? " @" + attributes.lastModifiedTime().toInstant().getEpochSecond() : "";
                return kind + permissions + time;
            }
        });
        return tree;
    }

    static String digest(Path file) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
