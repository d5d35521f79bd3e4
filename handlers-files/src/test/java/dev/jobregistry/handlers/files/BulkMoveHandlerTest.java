package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkMoveHandlerTest {

    @TempDir
    Path root;

    private final BulkMoveHandler move = new BulkMoveHandler();
    private Path in;
    private Path dest;
    private Path otherFileSystem;

    @BeforeEach
    void setUp() throws IOException {
        root = root.toRealPath();
        in = Files.createDirectories(root.resolve("in"));
        dest = root.resolve("dest");
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(root))) {
            otherFileSystem = Files.createTempDirectory(shm, "bulk-move-test").toRealPath();
            Trees.init(move, root, otherFileSystem);
        } else {
            Trees.init(move, root);
        }
    }

    @AfterEach
    void removeOtherFileSystemFolder() throws IOException {
        if (otherFileSystem != null) {
            try (Stream<Path> walk = Files.walk(otherFileSystem)) {
                walk.sorted(Comparator.reverseOrder()).forEach(FileCopier::deleteQuietly);
            }
        }
    }

    private static Map<String, Object> params(List<Path> sources, Path destination, String conflict) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of(
                "sources", sources.stream().map(Path::toString).toList(), "destination", destination.toString()));
        if (conflict != null) {
            params.put("options", Map.of("conflict", conflict));
        }
        return params;
    }

    private FakeJobContext run(Map<String, Object> params) throws Exception {
        FakeJobContext context = new FakeJobContext();
        move.validate(JobParams.of(params));
        move.run(context, JobParams.of(params));
        return context;
    }

    @Test
    void within_one_file_system_a_move_is_a_rename() throws Exception {
        Path sample = Trees.sample(in, "sample");
        Map<String, String> before = Trees.snapshot(sample);
        Object inode = Files.getAttribute(sample.resolve("data.bin"), "unix:ino");

        FakeJobContext context = run(params(List.of(sample), dest, null));

        assertThat(sample).doesNotExist();
        assertThat(Trees.snapshot(dest.resolve("sample"))).isEqualTo(before);
        assertThat(Files.getAttribute(dest.resolve("sample/data.bin"), "unix:ino")).isEqualTo(inode);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> succeeded = (List<Map<String, Object>>) context.result.get("succeeded");
        assertThat(succeeded.getFirst()).containsEntry("how", "renamed");
        assertThat(context.completed).isEqualTo(context.total);
    }

    @Test
    void across_file_systems_a_move_copies_then_deletes_keeping_everything() throws Exception {
        Assumptions.assumeTrue(otherFileSystem != null, "needs /dev/shm on another file system");
        Path sample = Trees.sample(in, "sample");
        Map<String, String> before = Trees.snapshot(sample);

        FakeJobContext context = run(params(List.of(sample), otherFileSystem, null));

        assertThat(sample).doesNotExist();
        assertThat(Trees.snapshot(otherFileSystem.resolve("sample"))).isEqualTo(before);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> succeeded = (List<Map<String, Object>>) context.result.get("succeeded");
        assertThat(succeeded.getFirst()).containsEntry("how", "copied then deleted");
    }

    @Test
    void a_cancelled_move_across_file_systems_loses_nothing() throws Exception {
        Assumptions.assumeTrue(otherFileSystem != null, "needs /dev/shm on another file system");
        Path folder = Files.createDirectories(in.resolve("folder"));
        byte[] content = new byte[3 << 20];
        new Random(7).nextBytes(content);
        for (int i = 0; i < 6; i++) {
            Files.write(folder.resolve("f" + i + ".bin"), content);
        }
        FakeJobContext context = FakeJobContext.cancellingAfter(8L << 20);

        assertThatThrownBy(() -> move.run(context, JobParams.of(params(List.of(folder), otherFileSystem, null))))
                .isInstanceOf(JobCancelledException.class);

        for (int i = 0; i < 6; i++) {
            Path source = folder.resolve("f" + i + ".bin");
            Path target = otherFileSystem.resolve("folder/f" + i + ".bin");
            assertThat(Files.exists(source) || Files.exists(target)).as("f%d is somewhere", i).isTrue();
            if (Files.exists(target)) {
                assertThat(Files.readAllBytes(target)).isEqualTo(content);
            }
        }
        try (Stream<Path> moved = Files.list(otherFileSystem.resolve("folder"))) {
            assertThat(moved.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
        }
        assertThat(context.lastMessage()).contains("nothing was lost");
    }

    @Test
    void overwrite_merges_folders_and_replaces_files() throws Exception {
        Files.createDirectories(dest.resolve("docs"));
        Files.writeString(dest.resolve("docs/keep.txt"), "keep");
        Files.writeString(dest.resolve("docs/a.txt"), "old");
        Files.createDirectories(in.resolve("docs"));
        Files.writeString(in.resolve("docs/a.txt"), "new");
        Files.writeString(in.resolve("docs/b.txt"), "b");

        run(params(List.of(in.resolve("docs")), dest, "overwrite"));

        assertThat(in.resolve("docs")).doesNotExist();
        assertThat(dest.resolve("docs/a.txt")).hasContent("new");
        assertThat(dest.resolve("docs/b.txt")).hasContent("b");
        assertThat(dest.resolve("docs/keep.txt")).hasContent("keep");
    }

    @Test
    void an_item_already_in_the_destination_is_skipped() throws Exception {
        Path file = Files.writeString(in.resolve("here.txt"), "x");

        FakeJobContext context = run(params(List.of(file), in, null));

        assertThat(file).hasContent("x");
        assertThat(context.result).containsEntry("skipped_count", 1);
    }

    @Test
    void a_root_cannot_be_moved_away() {
        assertThatThrownBy(() -> move.validate(JobParams.of(params(List.of(root), dest, null))))
                .hasMessageContaining("is an allowed root or holds one; it cannot be moved");
    }

    @Test
    void the_file_stores_in_this_test_really_differ_when_the_cross_file_system_tests_run() throws IOException {
        Assumptions.assumeTrue(otherFileSystem != null, "needs /dev/shm on another file system");
        FileStore here = Files.getFileStore(root);
        assertThat(Files.getFileStore(otherFileSystem)).isNotEqualTo(here);
    }
}
