package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.handlers.files.Archives.Entry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExtractArchiveHandlerTest {

    @TempDir
    Path root;

    private final ExtractArchiveHandler extract = new ExtractArchiveHandler();
    private Path zip;
    private Path dest;

    @BeforeEach
    void setUp() throws IOException {
        root = root.toRealPath();
        Trees.init(extract, root);
        zip = Archives.zip(root.resolve("photos.zip"), Entry.folder("album"), Entry.file("album/a.jpg", "A"),
                Entry.file("album/b.jpg", "B"), Entry.folder("album/raw"), Entry.file("album/raw/a.raw", "RAW"),
                Entry.file("notes.txt", "notes"));
        dest = root.resolve("dest");
    }

    private FakeJobContext run(Map<String, Object> params) throws Exception {
        FakeJobContext context = new FakeJobContext();
        extract.validate(JobParams.of(params));
        extract.run(context, JobParams.of(params));
        return context;
    }

    private Map<String, Object> params(Object... extra) {
        Map<String, Object> params = new HashMap<>(Map.of("archive_path", zip.toString(), "destination", dest.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            params.put((String) extra[i], extra[i + 1]);
        }
        return params;
    }

    @Test
    void the_destination_defaults_to_the_archives_folder() throws Exception {
        run(Map.of("archive_path", zip.toString()));

        assertThat(root.resolve("album/raw/a.raw")).hasContent("RAW");
        assertThat(root.resolve("notes.txt")).hasContent("notes");
    }

    @Test
    void progress_counts_bytes_up_to_the_total_and_the_message_counts_files() throws Exception {
        FakeJobContext context = run(params());

        assertThat(context.total).isEqualTo(10L);
        assertThat(context.completed).isEqualTo(10L);
        assertThat(context.messages).contains("Extracting photos.zip: 1 of 4 files", "Extracting photos.zip: 4 of 4 files");
        assertThat(context.details).contains("album/raw/a.raw");
        assertThat(context.finishMessage).isEqualTo("Extracted 4 files (10 bytes) from photos.zip to " + dest);
        assertThat(context.result).containsEntry("files", 4L).containsEntry("format", "zip")
                .containsEntry("destination", dest.toString());
    }

    @Test
    void a_compressed_tar_has_no_total_until_the_end_and_says_how_much_of_the_archive_is_read() throws Exception {
        Path tar = Archives.tar(root.resolve("t.tar.gz"), true, Entry.file("a.txt", "aaa"), Entry.file("b.txt", "bb"));

        FakeJobContext context = run(Map.of("archive_path", tar.toString(), "destination", dest.toString()));

        assertThat(context.messages).anyMatch(m -> m.matches("Extracting t\\.tar\\.gz: 1 file so far, \\d+% of the archive read"));
        assertThat(context.completed).isEqualTo(5L);
        assertThat(context.total).isEqualTo(5L);
    }

    @Test
    void items_pick_files_and_whole_folders() throws Exception {
        FakeJobContext context = run(params("items", List.of("album/raw", "notes.txt", "missing.txt")));

        assertThat(dest.resolve("album/raw/a.raw")).hasContent("RAW");
        assertThat(dest.resolve("notes.txt")).hasContent("notes");
        assertThat(dest.resolve("album/a.jpg")).doesNotExist();
        assertThat(context.result).containsEntry("not_found", List.of("missing.txt"));
        assertThat(context.finishMessage).endsWith("; not in the archive: missing.txt");
    }

    @Test
    void items_of_which_none_is_in_the_archive_fail_the_job() {
        assertThatThrownBy(() -> run(params("items", List.of("nope"))))
                .hasMessage("None of the requested items is in photos.zip: nope");
    }

    @Test
    void preserve_paths_false_puts_every_file_straight_into_the_destination() throws Exception {
        run(params("options", Map.of("preserve_paths", false, "overwrite", "rename")));

        try (var names = Files.list(dest)) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("a.jpg", "b.jpg", "a.raw", "notes.txt");
        }
    }

    @Test
    void existing_files_are_skipped_by_default_renamed_or_overwritten_on_request() throws Exception {
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("notes.txt"), "mine");

        FakeJobContext skipped = run(params("items", List.of("notes.txt")));
        assertThat(dest.resolve("notes.txt")).hasContent("mine");
        assertThat(skipped.result).containsEntry("skipped_count", 1L);
        assertThat(skipped.completed).isEqualTo(skipped.total);

        run(params("items", List.of("notes.txt"), "options", Map.of("overwrite", "rename")));
        assertThat(dest.resolve("notes (1).txt")).hasContent("notes");
        assertThat(dest.resolve("notes.txt")).hasContent("mine");

        run(params("items", List.of("notes.txt"), "options", Map.of("overwrite", "overwrite")));
        assertThat(dest.resolve("notes.txt")).hasContent("notes");
    }

    @Test
    void a_cancel_inside_a_large_entry_leaves_no_partial_file() throws Exception {
        Path big = Archives.zipOfZeros(root.resolve("big.zip"), 256, 256L << 20);
        FakeJobContext context = FakeJobContext.cancellingAfter(32L << 20);

        assertThatThrownBy(() -> extract.run(context, JobParams.of(Map.of("archive_path", big.toString(),
                "destination", dest.toString(), "options", Map.of("max_ratio", 1_000_000)))))
                .isInstanceOf(JobCancelledException.class);

        assertThat(dest).isEmptyDirectory();
        assertThat(context.lastMessage()).startsWith("Cancelled after extracting 0 files from big.zip");
    }

    @Test
    void a_damaged_entry_fails_the_job_naming_it_and_leaves_no_partial_file() throws Exception {
        Path damaged = root.resolve("damaged.zip");
        try (var out = new org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream(damaged)) {
            var entry = new org.apache.commons.compress.archivers.zip.ZipArchiveEntry("notes.txt");
            entry.setMethod(java.util.zip.ZipEntry.STORED);
            out.putArchiveEntry(entry);
            out.write("the original content".getBytes());
            out.closeArchiveEntry();
        }
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[indexOf(bytes, "original".getBytes())] = 'O'; // same length, other bytes: only the CRC can tell
        Files.write(damaged, bytes);

        assertThatThrownBy(() -> run(Map.of("archive_path", damaged.toString(), "destination", dest.toString())))
                .hasMessage("Could not extract damaged.zip (at entry 'notes.txt'): entry notes.txt is damaged:"
                        + " its content does not match its CRC-32");
        assertThat(dest.resolve("notes.txt")).doesNotExist();
    }

    @Test
    void files_that_are_no_archive_we_read_are_refused_at_submit() throws Exception {
        Path text = Files.writeString(root.resolve("notes.txt"), "just text");
        Path rar = Files.write(root.resolve("old.rar"), "Rar!\u001a\u0007\u0000 and so on".getBytes());
        Path gz = Archives.tar(root.resolve("plain.gz"), true);
        Files.write(gz, new byte[]{0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        assertThatThrownBy(() -> extract.validate(JobParams.of(Map.of("archive_path", text.toString()))))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessage("params.archive_path: notes.txt is not an archive this service can read (supported: zip,"
                        + " tar, tar.gz, tar.bz2, tar.xz, 7z)");
        assertThatThrownBy(() -> extract.validate(JobParams.of(Map.of("archive_path", rar.toString()))))
                .hasMessageContaining("old.rar is a RAR archive");
        assertThatThrownBy(() -> extract.validate(JobParams.of(Map.of("archive_path", gz.toString()))))
                .hasMessageContaining("plain.gz is a compressed file (gz) but not a tar archive");
        assertThatThrownBy(() -> extract.validate(JobParams.of(Map.of("archive_path", root + "/gone.zip"))))
                .hasMessage("params.archive_path (" + root + "/gone.zip) does not exist");
        assertThatThrownBy(() -> extract.validate(JobParams.of(Map.of("archive_path", zip.toString(),
                "items", List.of("../x"))))).hasMessageContaining("params.items[0] must be a path inside the archive");
        assertThatThrownBy(() -> extract.validate(JobParams.of(Map.of("archive_path", zip.toString(),
                "options", Map.of("max_ratio", 0))))).hasMessage("params.options.max_ratio must be at least 1, got 0.0");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}
