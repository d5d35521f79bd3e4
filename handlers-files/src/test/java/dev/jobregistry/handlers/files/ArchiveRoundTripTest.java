package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobParams;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every format round-trips a tree of text, binary, empty files, an empty folder, links and varied
 * permissions byte for byte; archives we create read back identically with the standard tools,
 * and archives the standard tools create come out identically through us.
 */
class ArchiveRoundTripTest {

    @TempDir
    Path root;

    private Path create(ArchiveFormat format, Path source) throws Exception {
        Path archive = root.resolve("sample." + format.wireName());
        CreateArchiveHandler create = Trees.init(new CreateArchiveHandler(), root);
        FakeJobContext context = new FakeJobContext();
        create.run(context, JobParams.of(Map.of("archive_path", archive.toString(),
                "sources", List.of(source.toString()))));
        assertThat(archive).isRegularFile();
        assertThat(context.result).containsEntry("format", format.wireName());
        return archive;
    }

    private Path extract(Path archive, String destination) throws Exception {
        Path out = root.resolve(destination);
        ExtractArchiveHandler extract = Trees.init(new ExtractArchiveHandler(), root);
        FakeJobContext context = new FakeJobContext();
        extract.run(context, JobParams.of(Map.of("archive_path", archive.toString(), "destination", out.toString())));
        assertThat(context.completed).isEqualTo(context.total);
        return out;
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void each_format_round_trips_files_folders_links_permissions_and_times(ArchiveFormat format) throws Exception {
        Path source = Trees.sample(root.resolve("in"), "sample");

        Path out = extract(create(format, source), "out");

        assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
    }

    @ParameterizedTest
    @EnumSource(ArchiveFormat.class)
    void each_format_round_trips_stored_and_at_its_highest_level(ArchiveFormat format) throws Exception {
        Path source = Trees.sample(root.resolve("in"), "sample");
        for (int level : new int[]{0, 9}) {
            Path archive = root.resolve("level" + level + "." + format.wireName());
            Trees.init(new CreateArchiveHandler(), root).run(new FakeJobContext(), JobParams.of(Map.of(
                    "archive_path", archive.toString(), "sources", List.of(source.toString()),
                    "options", Map.of("compression_level", level))));

            Path out = extract(archive, "out" + level);

            assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"ZIP", "SEVEN_Z"})
    void zip_and_7z_archives_we_create_read_back_identically_with_7zz(ArchiveFormat format) throws Exception {
        Tools.assumeInstalled("7zz");
        Path source = Trees.sample(root.resolve("in"), "sample");
        Path archive = create(format, source);
        Path out = Files.createDirectories(root.resolve("by-7zz"));

        Tools.run(out, "7zz", "x", "-y", "-bso0", "-bsp0", archive.toString());

        assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"TAR", "TAR_GZ", "TAR_BZ2", "TAR_XZ"})
    void tar_archives_we_create_read_back_identically_with_tar(ArchiveFormat format) throws Exception {
        Tools.assumeInstalled("tar");
        Path source = Trees.sample(root.resolve("in"), "sample");
        Path archive = create(format, source);
        Path out = Files.createDirectories(root.resolve("by-tar"));

        Tools.run(out, "tar", "-xpf", archive.toString());

        assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
    }

    @ParameterizedTest
    @EnumSource(value = ArchiveFormat.class, names = {"TAR", "TAR_GZ", "TAR_XZ"})
    void tar_archives_we_create_read_back_identically_with_7zz(ArchiveFormat format) throws Exception {
        Tools.assumeInstalled("7zz");
        Path source = Trees.sample(root.resolve("in"), "sample");
        Path archive = create(format, source);
        Path out = Files.createDirectories(root.resolve("by-7zz"));
        if (format != ArchiveFormat.TAR) {
            Tools.run(out, "sh", "-c", "7zz x -so '" + archive + "' | 7zz x -si -ttar -y -bso0 -bsp0");
        } else {
            Tools.run(out, "7zz", "x", "-y", "-bso0", "-bsp0", archive.toString());
        }

        assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
    }

    @org.junit.jupiter.api.Test
    void a_zip_we_create_reads_back_identically_with_unzip() throws Exception {
        Tools.assumeInstalled("unzip");
        Path source = Trees.sample(root.resolve("in"), "sample");
        Path archive = create(ArchiveFormat.ZIP, source);
        Path out = Files.createDirectories(root.resolve("by-unzip"));

        Tools.run(out, "unzip", "-q", archive.toString());

        assertThat(Trees.snapshotIgnoringLinkTimes(out.resolve("sample")))
                .isEqualTo(Trees.snapshotIgnoringLinkTimes(source));
    }

    @org.junit.jupiter.api.Test
    void a_zip_made_by_zip_comes_out_identically() throws Exception {
        Tools.assumeInstalled("zip");
        Path source = Trees.sample(root.resolve("in"), "sample");
        Path archive = root.resolve("by-zip.zip");
        Tools.run(root.resolve("in"), "zip", "-qry", archive.toString(), "sample");

        Path out = extract(archive, "out");

        assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-cf", "-czf", "-cjf", "-cJf"})
    void a_tar_made_by_tar_comes_out_identically(String flags) throws Exception {
        Tools.assumeInstalled("tar");
        Path source = Trees.sample(root.resolve("in"), "sample");
        Path archive = root.resolve("by-tar" + flags + ".tar");
        Tools.run(root.resolve("in"), "tar", flags, archive.toString(), "sample");

        Path out = extract(archive, "out");

        assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
    }

    @org.junit.jupiter.api.Test
    void a_7z_made_by_7zz_comes_out_identically() throws Exception {
        Tools.assumeInstalled("7zz");
        Path source = Trees.sample(root.resolve("in"), "sample");
        Path archive = root.resolve("by-7zz.7z");
        Tools.run(root.resolve("in"), "7zz", "a", "-snl", "-bso0", "-bsp0", archive.toString(), "sample");

        Path out = extract(archive, "out");

        assertThat(Trees.snapshot(out.resolve("sample"))).isEqualTo(Trees.snapshot(source));
    }
}
