package dev.jobregistry.handlers.files;

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

class CreateArchiveHandlerTest {

    @TempDir
    Path root;

    private final CreateArchiveHandler create = new CreateArchiveHandler();
    private Path in;
    private Path out;

    @BeforeEach
    void setUp() throws IOException {
        root = root.toRealPath();
        Trees.init(create, root);
        in = Files.createDirectories(root.resolve("in"));
        out = Files.createDirectories(root.resolve("out"));
    }

    private FakeJobContext run(Map<String, Object> params) throws Exception {
        FakeJobContext context = new FakeJobContext();
        create.validate(JobParams.of(params));
        create.run(context, JobParams.of(params));
        return context;
    }

    private List<String> entriesOf(Path archive) throws IOException {
        try (ArchiveReader reader = ArchiveReader.open(archive, ArchiveFormat.detect(archive), 1 << 20)) {
            return reader.index().orElseThrow().stream().map(ArchiveItem::name).toList();
        }
    }

    @Test
    void a_cancelled_job_leaves_no_archive_and_no_temporary_file() throws Exception {
        Path big = in.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(256L << 20);
        }
        FakeJobContext context = FakeJobContext.cancellingAfter(16L << 20);

        assertThatThrownBy(() -> create.run(context, JobParams.of(Map.of("archive_path", out + "/big.tar",
                "sources", List.of(big.toString())))))
                .isInstanceOf(JobCancelledException.class);

        assertThat(out).isEmptyDirectory();
        assertThat(context.lastMessage()).isEqualTo("Cancelled; big.tar was not created");
    }

    @Test
    void an_existing_archive_is_refused_unless_overwrite_is_asked_and_then_replaced_whole() throws Exception {
        Path a = Files.writeString(in.resolve("a.txt"), "a");
        Path archive = Files.writeString(out.resolve("a.zip"), "old");

        assertThatThrownBy(() -> create.validate(JobParams.of(Map.of("archive_path", archive.toString(),
                "sources", List.of(a.toString())))))
                .hasMessage("params.archive_path (" + archive + ") already exists; choose another name or set"
                        + " params.options.overwrite to true to replace it");

        run(Map.of("archive_path", archive.toString(), "sources", List.of(a.toString()),
                "options", Map.of("overwrite", true)));
        assertThat(entriesOf(archive)).containsExactly("a.txt");
        try (var names = Files.list(out)) {
            assertThat(names).containsExactly(archive);
        }
    }

    @Test
    void the_format_comes_from_the_option_or_else_from_the_name() throws Exception {
        Path a = Files.writeString(in.resolve("a.txt"), "a");

        FakeJobContext named = run(Map.of("archive_path", out + "/x.tgz", "sources", List.of(a.toString())));
        FakeJobContext chosen = run(Map.of("archive_path", out + "/backup", "sources", List.of(a.toString()),
                "options", Map.of("format", "7z", "compression_level", 9)));

        assertThat(named.result).containsEntry("format", "tar.gz");
        assertThat(ArchiveFormat.detect(out.resolve("x.tgz"))).isEqualTo(ArchiveFormat.TAR_GZ);
        assertThat(chosen.result).containsEntry("format", "7z");
        assertThat(ArchiveFormat.detect(out.resolve("backup"))).isEqualTo(ArchiveFormat.SEVEN_Z);
        assertThatThrownBy(() -> create.validate(JobParams.of(Map.of("archive_path", out + "/backup.rar",
                "sources", List.of(a.toString())))))
                .hasMessage("cannot tell the format from the name backup.rar; give params.options.format (zip, tar,"
                        + " tar.gz, tar.bz2, tar.xz, 7z) or end the name with one of them");
        assertThatThrownBy(() -> create.validate(JobParams.of(Map.of("archive_path", out + "/b.zip",
                "sources", List.of(a.toString()), "options", Map.of("compression_level", 12)))))
                .hasMessage("params.options.compression_level must be a whole number from 0 to 9, got 12");
    }

    @Test
    void progress_counts_the_bytes_read_and_the_message_counts_files() throws Exception {
        Path sample = Trees.sample(in, "sample");

        FakeJobContext context = run(Map.of("archive_path", out + "/s.zip", "sources", List.of(sample.toString())));

        assertThat(context.completed).isEqualTo(context.total).isGreaterThan(300_000L);
        assertThat(context.messages).contains("Adding 1 of 9 files to s.zip");
        assertThat(context.finishMessage).startsWith("Created s.zip (6 files, ");
        assertThat(context.result).containsEntry("links", 3L).containsEntry("folders", 5L);
    }

    @Test
    void an_archive_written_inside_a_source_folder_does_not_hold_itself() throws Exception {
        Files.writeString(in.resolve("a.txt"), "a");

        run(Map.of("archive_path", in + "/self.zip", "sources", List.of(in.toString())));

        assertThat(entriesOf(in.resolve("self.zip"))).containsExactlyInAnyOrder("in/", "in/a.txt");
    }

    @Test
    void two_sources_of_one_name_are_refused() throws Exception {
        Path one = Files.writeString(Files.createDirectories(in.resolve("1")).resolve("x.txt"), "1");
        Path two = Files.writeString(Files.createDirectories(in.resolve("2")).resolve("x.txt"), "2");

        assertThatThrownBy(() -> create.validate(JobParams.of(Map.of("archive_path", out + "/x.zip",
                "sources", List.of(one.toString(), two.toString())))))
                .hasMessage("params.sources[0] and params.sources[1] are both named x.txt; an archive cannot hold two"
                        + " top-level entries of one name");
    }
}
