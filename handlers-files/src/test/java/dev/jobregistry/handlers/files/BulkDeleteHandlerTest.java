package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkDeleteHandlerTest {

    @TempDir
    Path root;

    private final BulkDeleteHandler delete = new BulkDeleteHandler();
    private Path in;

    @BeforeEach
    void setUp() throws IOException {
        root = root.toRealPath();
        Trees.init(delete, root);
        in = Files.createDirectories(root.resolve("in"));
    }

    private static Map<String, Object> params(Path... paths) {
        return Map.of("paths", List.of(paths).stream().map(Path::toString).toList());
    }

    @Test
    void deletes_files_and_whole_folders_and_reports_the_bytes() throws Exception {
        Path sample = Trees.sample(in, "sample");
        Path file = Files.writeString(in.resolve("file.txt"), "12345");
        FakeJobContext context = new FakeJobContext();

        delete.validate(JobParams.of(params(sample, file)));
        delete.run(context, JobParams.of(params(sample, file)));

        assertThat(in).isEmptyDirectory();
        assertThat(context.finishMessage).startsWith("Deleted 2 items (10 files, ");
        assertThat(context.result).containsEntry("succeeded_count", 2);
        assertThat(context.completed).isEqualTo(context.total).isGreaterThan(300_000L);
    }

    @Test
    void a_link_is_deleted_itself_and_what_it_leads_to_is_untouched() throws Exception {
        Path kept = Files.createDirectories(root.resolve("kept"));
        Files.writeString(kept.resolve("precious.txt"), "precious");
        Path folder = Files.createDirectories(in.resolve("folder"));
        Files.createSymbolicLink(folder.resolve("link-inside"), kept);
        Path link = Files.createSymbolicLink(in.resolve("link"), kept);

        delete.run(new FakeJobContext(), JobParams.of(params(link, folder)));

        assertThat(link).doesNotExist();
        assertThat(folder).doesNotExist();
        assertThat(kept.resolve("precious.txt")).hasContent("precious");
    }

    @Test
    void a_root_or_a_folder_holding_one_is_refused() {
        assertThatThrownBy(() -> delete.validate(JobParams.of(params(root))))
                .hasMessage("params.paths[0] (" + root + ") is an allowed root or holds one (" + root
                        + "); it cannot be deleted");
        assertThatThrownBy(() -> delete.validate(JobParams.of(params(root.getParent()))))
                .hasMessageContaining("is outside the allowed roots");
    }

    @Test
    void a_missing_path_is_refused_at_submit() {
        assertThatThrownBy(() -> delete.validate(JobParams.of(params(in.resolve("gone")))))
                .hasMessage("params.paths[0] (" + in.resolve("gone") + ") does not exist");
    }

    @Test
    void a_cancel_stops_between_files_and_says_how_far_it_got() throws Exception {
        Path folder = Files.createDirectories(in.resolve("folder"));
        for (int i = 0; i < 10; i++) {
            Files.write(folder.resolve("f" + i), new byte[1000]);
        }
        FakeJobContext context = FakeJobContext.cancellingAfter(3000);

        assertThatThrownBy(() -> delete.run(context, JobParams.of(params(folder))))
                .isInstanceOf(JobCancelledException.class);

        try (var left = Files.list(folder)) {
            assertThat(left.count()).isEqualTo(7);
        }
        assertThat(context.lastMessage()).isEqualTo("Cancelled after deleting 3 of 10 files (2.9 KB)");
    }
}
