package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkCopyHandlerTest {

    @TempDir
    Path root;

    private final BulkCopyHandler copy = new BulkCopyHandler();
    private Path in;
    private Path dest;

    @BeforeEach
    void setUp() throws IOException {
        root = root.toRealPath();
        Trees.init(copy, root);
        in = Files.createDirectories(root.resolve("in"));
        dest = root.resolve("dest");
    }

    private FakeJobContext run(Map<String, Object> params) throws Exception {
        FakeJobContext context = new FakeJobContext();
        copy.validate(JobParams.of(params));
        copy.run(context, JobParams.of(params));
        return context;
    }

    private static Map<String, Object> params(List<Path> sources, Path destination, String conflict) {
        Map<String, Object> params = new java.util.HashMap<>(Map.of(
                "sources", sources.stream().map(Path::toString).toList(), "destination", destination.toString()));
        if (conflict != null) {
            params.put("options", Map.of("conflict", conflict));
        }
        return params;
    }

    @Test
    void copies_files_folders_and_links_as_they_are_keeping_permissions_and_times() throws Exception {
        Path sample = Trees.sample(in, "sample");
        Path loose = Files.writeString(in.resolve("loose.txt"), "loose");

        FakeJobContext context = run(params(List.of(sample, loose), dest, null));

        assertThat(Trees.snapshot(dest.resolve("sample"))).isEqualTo(Trees.snapshot(sample));
        assertThat(dest.resolve("loose.txt")).hasContent("loose");
        assertThat(context.finishMessage).startsWith("Copied 2 items (");
        assertThat(context.result).containsEntry("succeeded_count", 2).containsEntry("failed_count", 0);
        assertThat(context.completed).isEqualTo(context.total).isGreaterThan(300_000L);
        assertThat(context.messages).contains("Copying 1 of 10 files to dest", "Copying 10 of 10 files to dest");
    }

    @Test
    void a_copy_is_the_same_as_what_cp_a_makes() throws Exception {
        Tools.assumeInstalled("cp");
        Path sample = Trees.sample(in, "sample");
        Path byCp = Files.createDirectories(root.resolve("by-cp"));

        run(params(List.of(sample), dest, null));
        Tools.run(root, "cp", "-a", sample.toString(), byCp.toString());

        assertThat(Trees.snapshot(dest.resolve("sample"))).isEqualTo(Trees.snapshot(byCp.resolve("sample")));
    }

    @Test
    void a_link_given_as_a_source_is_copied_as_a_link_and_never_followed() throws Exception {
        Path target = Files.createDirectories(in.resolve("big folder"));
        Files.writeString(target.resolve("inside.txt"), "x");
        Path link = Files.createSymbolicLink(in.resolve("shortcut"), target);

        run(params(List.of(link), dest, null));

        assertThat(Files.isSymbolicLink(dest.resolve("shortcut"))).isTrue();
        assertThat(Files.readSymbolicLink(dest.resolve("shortcut"))).isEqualTo(target);
    }

    @Test
    void conflict_fail_is_the_default_and_refuses_at_submit_before_anything_is_copied() throws Exception {
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("b.txt"), "old");
        Path a = Files.writeString(in.resolve("a.txt"), "a");
        Path b = Files.writeString(in.resolve("b.txt"), "new");

        assertThatThrownBy(() -> copy.validate(JobParams.of(params(List.of(a, b), dest, null))))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessage(dest.resolve("b.txt") + " already exists and params.options.conflict is fail;"
                        + " choose skip, rename or overwrite, or another destination");
        assertThatThrownBy(() -> copy.run(new FakeJobContext(), JobParams.of(params(List.of(a, b), dest, "fail"))))
                .isInstanceOf(InvalidParamsException.class);
        assertThat(dest.resolve("a.txt")).doesNotExist();
    }

    @Test
    void conflict_skip_keeps_what_is_there_and_says_so() throws Exception {
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("b.txt"), "old");
        Path b = Files.writeString(in.resolve("b.txt"), "new");

        FakeJobContext context = run(params(List.of(b), dest, "skip"));

        assertThat(dest.resolve("b.txt")).hasContent("old");
        assertThat(context.result).containsEntry("skipped_count", 1);
        assertThat(context.finishMessage).contains("1 skipped");
        assertThat(context.completed).isEqualTo(context.total);
    }

    @Test
    void conflict_rename_puts_the_copy_under_a_free_name() throws Exception {
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("f0.txt"), "old");
        Files.writeString(dest.resolve("f0 (1).txt"), "older");
        Path f0 = Files.writeString(in.resolve("f0.txt"), "new");

        run(params(List.of(f0), dest, "rename"));

        assertThat(dest.resolve("f0 (2).txt")).hasContent("new");
        assertThat(dest.resolve("f0.txt")).hasContent("old");
    }

    @Test
    void copying_a_file_into_its_own_folder_with_rename_makes_a_copy_beside_it() throws Exception {
        Path f = Files.writeString(in.resolve("report.tar.gz"), "data");

        run(params(List.of(f), in, "rename"));

        assertThat(in.resolve("report (1).tar.gz")).hasContent("data");
    }

    @Test
    void conflict_overwrite_replaces_files_and_merges_folders() throws Exception {
        Path old = Files.createDirectories(dest.resolve("docs/sub"));
        Files.writeString(old.resolve("keep.txt"), "keep");
        Files.writeString(dest.resolve("docs/a.txt"), "old");
        Path docs = Files.createDirectories(in.resolve("docs/sub"));
        Files.writeString(docs.resolve("new.txt"), "new");
        Files.writeString(in.resolve("docs/a.txt"), "replaced");

        run(params(List.of(in.resolve("docs")), dest, "overwrite"));

        assertThat(dest.resolve("docs/a.txt")).hasContent("replaced");
        assertThat(dest.resolve("docs/sub/keep.txt")).hasContent("keep");
        assertThat(dest.resolve("docs/sub/new.txt")).hasContent("new");
    }

    @Test
    void overwriting_never_writes_through_a_link_in_the_destination() throws Exception {
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createDirectories(dest);
        Files.createSymbolicLink(dest.resolve("docs"), elsewhere);
        Files.createSymbolicLink(dest.resolve("a.txt"), elsewhere.resolve("a.txt"));
        Files.createDirectories(in.resolve("docs"));
        Files.writeString(in.resolve("docs/evil.txt"), "x");
        Path a = Files.writeString(in.resolve("a.txt"), "x");

        run(params(List.of(in.resolve("docs"), a), dest, "overwrite"));

        assertThat(elsewhere).isEmptyDirectory();
        assertThat(Files.isSymbolicLink(dest.resolve("docs"))).isFalse();
        assertThat(dest.resolve("docs/evil.txt")).hasContent("x");
        assertThat(Files.isSymbolicLink(dest.resolve("a.txt"))).isFalse();
    }

    @Test
    void a_cancel_in_the_middle_of_a_1_gib_file_leaves_no_partial_file() throws Exception {
        Path big = in.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(1L << 30);
        }
        FakeJobContext context = FakeJobContext.cancellingAfter(100L << 20);

        assertThatThrownBy(() -> copy.run(context, JobParams.of(params(List.of(big), dest, null))))
                .isInstanceOf(JobCancelledException.class);

        assertThat(context.maxCompletedSeen).isBetween(100L << 20, 1L << 30);
        assertThat(dest).isEmptyDirectory();
        assertThat(big).hasSize(1L << 30);
        assertThat(context.lastMessage()).isEqualTo("Cancelled after copying " + Sizes.human(context.completed)
                + " of 1.0 GB (0 of 1 files complete); the file being copied was removed");
    }

    @Test
    void a_cancel_in_the_middle_of_a_folder_leaves_only_complete_files() throws Exception {
        Path folder = Files.createDirectories(in.resolve("folder"));
        byte[] content = new byte[3 << 20];
        new java.util.Random(11).nextBytes(content);
        for (int i = 0; i < 12; i++) {
            Files.write(folder.resolve("f" + i + ".bin"), content);
        }
        FakeJobContext context = FakeJobContext.cancellingAfter(10L << 20);

        assertThatThrownBy(() -> copy.run(context, JobParams.of(params(List.of(folder), dest, null))))
                .isInstanceOf(JobCancelledException.class);

        try (var copied = Files.list(dest.resolve("folder"))) {
            List<Path> files = copied.toList();
            assertThat(files).hasSizeLessThan(12);
            for (Path file : files) {
                assertThat(file.getFileName().toString()).doesNotStartWith(".");
                assertThat(Files.readAllBytes(file)).isEqualTo(content);
            }
        }
    }

    @Test
    void a_folder_cannot_be_copied_into_itself() throws Exception {
        Path folder = Files.createDirectories(in.resolve("folder"));

        assertThatThrownBy(() -> copy.validate(JobParams.of(params(List.of(folder), folder.resolve("sub"), null))))
                .hasMessage("params.destination (" + folder.resolve("sub") + ") is inside params.sources[0] ("
                        + folder + "); a folder cannot be copied into itself");
    }

    @Test
    void a_missing_source_or_a_destination_that_is_a_file_is_refused_at_submit() throws Exception {
        Path file = Files.writeString(in.resolve("file.txt"), "x");

        assertThatThrownBy(() -> copy.validate(JobParams.of(params(List.of(in.resolve("gone")), dest, null))))
                .hasMessage("params.sources[0] (" + in.resolve("gone") + ") does not exist");
        assertThatThrownBy(() -> copy.validate(JobParams.of(params(List.of(file), file, null))))
                .hasMessage("params.destination (" + file + ") is not a folder");
        assertThatThrownBy(() -> copy.validate(JobParams.of(Map.of("sources", List.of(), "destination", "~"))))
                .hasMessage("params.sources must list at least one file or folder");
        assertThatThrownBy(() -> copy.validate(JobParams.of(params(List.of(file), dest, "maybe"))))
                .hasMessage("params.options.conflict must be one of fail, skip, rename, overwrite, got \"maybe\"");
    }
}
