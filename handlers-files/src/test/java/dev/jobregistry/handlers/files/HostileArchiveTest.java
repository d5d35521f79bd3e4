package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.handlers.files.Archives.Entry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crafted hostile archives: whatever they try, nothing outside the destination changes, and the
 * job fails with an error naming the first offending entry.
 */
class HostileArchiveTest {

    @TempDir
    Path root;

    private Path destination;
    private Path outside;
    private Map<String, String> before;
    private final ExtractArchiveHandler extract = new ExtractArchiveHandler();

    @BeforeEach
    void setUp() throws IOException {
        root = root.toRealPath();
        Trees.init(extract, root);
        destination = Files.createDirectories(root.resolve("dest"));
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "precious\n");
    }

    /** Everything under the root but the destination (and the archives being written). */
    private Map<String, String> outsideDestination() throws IOException {
        Map<String, String> tree = new HashMap<>(Trees.snapshot(root));
        tree.keySet().removeIf(name -> name.startsWith("dest/") || name.startsWith("archives/") || name.equals("/"));
        return tree;
    }

    private Path archive(String name) throws IOException {
        return Files.createDirectories(root.resolve("archives")).resolve(name);
    }

    private void assertRefused(Path archive, String entryNamed, Map<String, Object> options) throws IOException {
        before = outsideDestination();
        FakeJobContext context = new FakeJobContext();
        Map<String, Object> params = new HashMap<>(Map.of("archive_path", archive.toString(),
                "destination", destination.toString()));
        params.put("options", options);
        assertThatThrownBy(() -> extract.run(context, JobParams.of(params)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Refusing to extract " + archive.getFileName())
                .hasMessageContaining(entryNamed);
        assertThat(outsideDestination()).isEqualTo(before);
    }

    private void assertRefused(Path archive, String entryNamed) throws IOException {
        assertRefused(archive, entryNamed, Map.of());
    }

    @Test
    void a_zip_entry_climbing_out_with_dot_dot_is_refused_before_anything_is_written() throws IOException {
        Path zip = Archives.zip(archive("climb.zip"), Entry.file("good.txt", "fine"),
                Entry.file("../outside/evil.txt", "gotcha"));

        assertRefused(zip, "'../outside/evil.txt'");

        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void an_entry_climbing_out_with_backslashes_as_windows_writes_them_is_refused() throws IOException {
        assertRefused(Archives.sevenZ(archive("windows.7z"), Entry.file("..\\outside\\evil.txt", "gotcha")),
                "'..\\outside\\evil.txt' climbs out of its folder");
    }

    @Test
    void a_zip_entry_with_an_absolute_name_is_refused() throws IOException {
        String absolute = outside.resolve("evil.txt").toString();
        assertRefused(Archives.zip(archive("absolute.zip"), Entry.file(absolute, "gotcha")), "'" + absolute + "'");
    }

    @Test
    void a_tar_gz_entry_climbing_out_after_good_ones_is_refused_and_only_the_good_ones_are_written()
            throws IOException {
        Path tar = Archives.tar(archive("climb.tar.gz"), true, Entry.file("good.txt", "fine"),
                Entry.file("../outside/evil.txt", "gotcha"));

        assertRefused(tar, "'../outside/evil.txt'");

        assertThat(destination.resolve("good.txt")).hasContent("fine");
    }

    @Test
    void a_tar_entry_with_an_absolute_name_is_refused() throws IOException {
        String absolute = outside.resolve("evil.txt").toString();
        assertRefused(Archives.tar(archive("absolute.tar.gz"), true, Entry.file(absolute, "gotcha")),
                "'" + absolute + "'");
    }

    @Test
    void a_7z_entry_climbing_out_is_refused() throws IOException {
        assertRefused(Archives.sevenZ(archive("climb.7z"), Entry.file("../outside/evil.txt", "gotcha")),
                "'../outside/evil.txt'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "../outside/secret.txt", "/etc/passwd", "a/../../outside", ".."})
    void a_symbolic_link_leading_out_of_the_destination_is_refused_in_every_format(String target) throws IOException {
        Entry link = Entry.symlink("link", target);
        assertRefused(Archives.tar(archive("link.tar.gz"), true, link), "'link'");
        assertRefused(Archives.zip(archive("link.zip"), link), "'link'");
        assertRefused(Archives.sevenZ(archive("link.7z"), link), "'link'");
        assertThat(destination.resolve("link")).doesNotExist();
    }

    @Test
    void an_entry_written_through_a_link_from_the_archive_is_refused_even_when_the_link_stays_inside()
            throws IOException {
        Path tar = Archives.tar(archive("through.tar"), false, Entry.folder("sub"), Entry.symlink("link", "sub"),
                Entry.file("link/file.txt", "through the link"));

        assertRefused(tar, "'link/file.txt' would be written through the symbolic link");

        assertThat(destination.resolve("sub/file.txt")).doesNotExist();
    }

    @Test
    void an_entry_written_through_a_link_already_in_the_destination_is_refused() throws IOException {
        Files.createSymbolicLink(destination.resolve("docs"), outside);
        Path zip = Archives.zip(archive("docs.zip"), Entry.file("docs/evil.txt", "gotcha"));

        assertRefused(zip, "'docs/evil.txt' would be written through the symbolic link");

        assertThat(outside.resolve("evil.txt")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"skip", "rename", "overwrite"})
    void a_file_entry_landing_on_a_dangling_link_already_in_the_destination_is_refused_under_every_policy(
            String policy) throws IOException {
        Path bait = outside.resolve("created-through-the-link.txt");
        Files.createSymbolicLink(destination.resolve("evil.txt"), bait);
        Path zip = Archives.zip(archive("dangling.zip"), Entry.file("evil.txt", "gotcha"));

        assertRefused(zip, "'evil.txt' would be written through the symbolic link", Map.of("overwrite", policy));

        assertThat(bait).doesNotExist();
        assertThat(Files.isSymbolicLink(destination.resolve("evil.txt"))).isTrue();
    }

    @Test
    void a_file_entry_under_a_dangling_link_already_in_the_destination_is_refused() throws IOException {
        Files.createSymbolicLink(destination.resolve("gone"), outside.resolve("not-yet"));
        Path tar = Archives.tar(archive("under-dangling.tar.gz"), true, Entry.file("gone/evil.txt", "gotcha"));

        assertRefused(tar, "'gone/evil.txt' would be written through the symbolic link");

        assertThat(outside.resolve("not-yet")).doesNotExist();
    }

    @Test
    void links_that_escape_only_together_are_caught_after_the_last_entry_and_removed() throws IOException {
        // "a" leads to p/q/b/.., inside while b does not exist; then b -> ../.. makes a lead above the destination
        Path tar = Archives.tar(archive("chain.tar"), false, Entry.folder("p"), Entry.folder("p/q"),
                Entry.symlink("a", "p/q/b/.."), Entry.symlink("p/q/b", "../.."));

        assertRefused(tar, "'a' is a symbolic link that, through other links in the archive, leads to " + root);

        assertThat(destination.resolve("a")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "/etc/passwd"})
    void a_hard_link_to_a_file_outside_the_destination_is_refused(String target) throws IOException {
        Path tar = Archives.tar(archive("hard.tar"), false, Entry.hardLink("h", target));

        assertRefused(tar, "'" + target + "'");

        assertThat(destination.resolve("h")).doesNotExist();
    }

    @Test
    void a_hard_link_to_a_link_is_refused() throws IOException {
        Path tar = Archives.tar(archive("hard-to-link.tar.gz"), true, Entry.symlink("l", "x"),
                Entry.hardLink("h", "l"));

        assertRefused(tar, "'h' is a hard link to 'l', which is not a regular file");
    }

    @Test
    void a_hard_link_to_a_file_from_the_archive_is_extracted() throws Exception {
        Path tar = Archives.tar(archive("hard-ok.tar.gz"), true, Entry.file("f.txt", "shared"),
                Entry.hardLink("h.txt", "f.txt"));

        extract.run(new FakeJobContext(), JobParams.of(Map.of("archive_path", tar.toString(),
                "destination", destination.toString())));

        assertThat(destination.resolve("h.txt")).hasContent("shared");
        assertThat(Files.isSameFile(destination.resolve("h.txt"), destination.resolve("f.txt"))).isTrue();
    }

    @Test
    void a_2_gib_zip_of_zeros_with_honest_headers_is_refused_before_anything_is_written() throws IOException {
        Path zip = Archives.zipOfZeros(archive("bomb.zip"), 2048, 2048L << 20);
        assertThat(Files.size(zip)).isLessThan(5L << 20);
        FakeJobContext context = new FakeJobContext();

        assertThatThrownBy(() -> extract.run(context, JobParams.of(Map.of("archive_path", zip.toString(),
                "destination", destination.toString()))))
                .hasMessageContaining("Refusing to extract bomb.zip: it would expand to 2.0 GB")
                .hasMessageContaining("more than 100 times its size")
                .hasMessageContaining("params.options.max_ratio");

        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void a_2_gib_zip_of_zeros_whose_header_lies_stops_after_a_few_megabytes_and_leaves_no_partial_file()
            throws IOException {
        Path zip = Archives.zipOfZeros(archive("liar.zip"), 2048, 1000);
        FakeJobContext context = new FakeJobContext();

        assertThatThrownBy(() -> extract.run(context, JobParams.of(Map.of("archive_path", zip.toString(),
                "destination", destination.toString()))))
                .hasMessageContaining("Stopped extracting liar.zip: it expands to more than 100 times its compressed size")
                .hasMessageContaining("The partly written file was removed");

        assertThat(context.maxCompletedSeen).isLessThan(16L << 20);
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void a_2_gib_tar_gz_of_zeros_stops_after_a_few_megabytes_and_leaves_no_partial_file() throws IOException {
        Path tar = Archives.tarGzOfZeros(archive("bomb.tar.gz"), 2048);
        assertThat(Files.size(tar)).isLessThan(5L << 20);
        FakeJobContext context = new FakeJobContext();

        assertThatThrownBy(() -> extract.run(context, JobParams.of(Map.of("archive_path", tar.toString(),
                "destination", destination.toString()))))
                .hasMessageContaining("Stopped extracting bomb.tar.gz: it expands to more than 100 times");

        assertThat(context.maxCompletedSeen).isLessThan(16L << 20);
        assertThat(destination).isEmptyDirectory();
    }

    @Test
    void the_ratio_limit_can_be_raised_for_an_archive_the_user_trusts() throws Exception {
        Path tar = Archives.tarGzOfZeros(archive("trusted.tar.gz"), 64);
        FakeJobContext context = new FakeJobContext();

        extract.run(context, JobParams.of(Map.of("archive_path", tar.toString(), "destination", destination.toString(),
                "options", Map.of("max_ratio", 100_000))));

        assertThat(destination.resolve("zeros.bin")).hasSize(64L << 20);
    }

    @Test
    void more_entries_than_the_limit_are_refused() throws IOException {
        Entry[] entries = Stream.iterate(0, i -> i + 1).limit(20).map(i -> Entry.file("f" + i, "")).toArray(Entry[]::new);
        Path zip = Archives.zip(archive("many.zip"), entries);
        Path tar = Archives.tar(archive("many.tar.gz"), true, entries);

        assertThatThrownBy(() -> extract.run(new FakeJobContext(), JobParams.of(Map.of("archive_path", zip.toString(),
                "destination", destination.toString(), "options", Map.of("max_entries", 10)))))
                .hasMessageContaining("it has 20 entries, more than the limit of 10 (params.options.max_entries)");
        assertThatThrownBy(() -> extract.run(new FakeJobContext(), JobParams.of(Map.of("archive_path", tar.toString(),
                "destination", destination.toString(), "options", Map.of("max_entries", 10)))))
                .hasMessageContaining("it has more than 10 entries (params.options.max_entries)");
    }

    @Test
    void more_bytes_than_the_total_limit_are_refused() throws IOException {
        Path tar = Archives.tar(archive("big.tar.gz"), true, Entry.file("a.txt", "x".repeat(5000)));

        assertThatThrownBy(() -> extract.run(new FakeJobContext(), JobParams.of(Map.of("archive_path", tar.toString(),
                "destination", destination.toString(), "options", Map.of("max_total_bytes", 1000)))))
                .hasMessageContaining("it expands to more than the limit of 1000 bytes (params.options.max_total_bytes)");
        assertThat(destination.resolve("a.txt")).doesNotExist();
    }
}
