package dev.jobregistry.handlers.files;

import dev.jobregistry.application.port.in.ArchiveEntry;
import dev.jobregistry.application.port.in.ArchiveListing;
import dev.jobregistry.application.port.in.EntryType;
import dev.jobregistry.application.port.in.FolderEntry;
import dev.jobregistry.application.port.in.FolderListing;
import dev.jobregistry.application.port.in.PathForbiddenException;
import dev.jobregistry.application.port.in.PathNotFoundException;
import dev.jobregistry.application.port.in.UnusablePathException;
import dev.jobregistry.handlers.files.Archives.Entry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class FileBrowserTest {

    @TempDir
    Path temp;

    private Path home;
    private Path other;
    private FileBrowser browser;

    @BeforeEach
    void setUp() throws IOException {
        temp = temp.toRealPath();
        home = Files.createDirectories(temp.resolve("home"));
        other = Files.createDirectories(temp.resolve("other"));
        Files.writeString(other.resolve("secret.txt"), "not yours");
        browser = new FileBrowser(List.of(home), home);
    }

    private static Map<String, FolderEntry> byName(FolderListing listing) {
        return listing.entries().stream().collect(Collectors.toMap(FolderEntry::name, Function.identity()));
    }

    @Test
    void a_folder_lists_folders_first_then_files_by_name_ignoring_case() throws IOException {
        Files.writeString(home.resolve("b.txt"), "bb");
        Files.writeString(home.resolve("A.txt"), "a");
        Files.createDirectories(home.resolve("zeta"));
        Files.createDirectories(home.resolve("Alpha"));

        FolderListing listing = browser.listFolder(home.toString(), false);

        assertThat(listing.entries()).extracting(FolderEntry::name).containsExactly("Alpha", "zeta", "A.txt", "b.txt");
        assertThat(listing.path()).isEqualTo(home);
        assertThat(listing.root()).isEqualTo(home);
        assertThat(listing.parent()).as("nothing above a root may be listed").isNull();
        FolderEntry b = byName(listing).get("b.txt");
        assertThat(b.type()).isEqualTo(EntryType.FILE);
        assertThat(b.size()).isEqualTo(2);
        assertThat(b.path()).isEqualTo(home.resolve("b.txt"));
        assertThat(b.modified()).isEqualTo(Files.getLastModifiedTime(home.resolve("b.txt")).toInstant());
        assertThat(byName(listing).get("zeta").type()).isEqualTo(EntryType.DIRECTORY);
    }

    @Test
    void no_path_lists_the_first_root_and_a_subfolder_names_its_parent() throws IOException {
        Files.createDirectories(home.resolve("docs/inner"));

        assertThat(browser.listFolder(null, false).path()).isEqualTo(home);
        assertThat(browser.listFolder("~/docs/inner", false).parent()).isEqualTo(home.resolve("docs"));
    }

    @Test
    void hidden_names_are_listed_only_when_asked_for() throws IOException {
        Files.writeString(home.resolve(".profile"), "x");
        Files.writeString(home.resolve("visible"), "x");

        assertThat(browser.listFolder("~", false).entries()).extracting(FolderEntry::name).containsExactly("visible");
        assertThat(browser.listFolder("~", true).entries()).extracting(FolderEntry::name)
                .containsExactly(".profile", "visible");
    }

    @Test
    void archives_are_marked_by_their_extension() throws IOException {
        Files.writeString(home.resolve("photos.tar.gz"), "x");
        Files.writeString(home.resolve("notes.txt"), "x");
        Files.createDirectories(home.resolve("folder.zip"));

        Map<String, FolderEntry> entries = byName(browser.listFolder("~", false));

        assertThat(entries.get("photos.tar.gz").archive()).isTrue();
        assertThat(entries.get("notes.txt").archive()).isFalse();
        assertThat(entries.get("folder.zip").archive()).as("a folder is no archive, whatever its name").isFalse();
    }

    @Test
    void a_link_is_shown_as_a_link_with_what_it_leads_to_inside_the_roots_only() throws IOException {
        Files.createDirectories(home.resolve("real"));
        Files.createSymbolicLink(home.resolve("to-folder"), Path.of("real"));
        Files.createSymbolicLink(home.resolve("to-outside"), other);
        Files.createSymbolicLink(home.resolve("dangling"), Path.of("nothing-here"));

        Map<String, FolderEntry> entries = byName(browser.listFolder("~", false));

        assertThat(entries.get("to-folder").type()).isEqualTo(EntryType.SYMLINK);
        assertThat(entries.get("to-folder").linkTarget()).isEqualTo(EntryType.DIRECTORY);
        assertThat(entries.get("to-folder").opensAsFolder()).isTrue();
        assertThat(entries.get("to-outside").linkTarget()).isNull();
        assertThat(entries.get("dangling").linkTarget()).isNull();
        assertThat(browser.listFolder("~/to-folder", false).path()).as("a listing shows where the link leads")
                .isEqualTo(home.resolve("real"));
    }

    @Test
    void a_folder_outside_the_roots_is_forbidden_however_it_is_reached() throws IOException {
        Files.createSymbolicLink(home.resolve("escape"), other);

        for (String path : List.of(other.toString(), "~/../other", home + "/escape", "/")) {
            assertThatThrownBy(() -> browser.listFolder(path, false)).as(path)
                    .isInstanceOfSatisfying(PathForbiddenException.class,
                            e -> assertThat(e.code()).isEqualTo("outside_roots"))
                    .hasMessageContaining("is outside the allowed roots (" + home + ")");
        }
    }

    @Test
    void a_missing_folder_is_not_found_and_a_file_is_not_a_folder() throws IOException {
        Files.writeString(home.resolve("file.txt"), "x");

        assertThatThrownBy(() -> browser.listFolder("~/nope", false)).isInstanceOf(PathNotFoundException.class)
                .hasMessage("No such folder: " + home.resolve("nope"));
        assertThatThrownBy(() -> browser.listFolder("~/file.txt", false))
                .isInstanceOfSatisfying(UnusablePathException.class, e -> assertThat(e.code()).isEqualTo("not_a_folder"));
    }

    @Test
    void a_relative_path_or_another_users_home_is_a_bad_path() {
        for (String path : List.of("docs", "~root/x")) {
            assertThatThrownBy(() -> browser.listFolder(path, false)).as(path)
                    .isInstanceOfSatisfying(UnusablePathException.class, e -> assertThat(e.code()).isEqualTo("bad_path"));
        }
    }

    @Test
    void a_folder_the_service_may_not_read_is_forbidden() throws IOException {
        assumeThat(System.getProperty("user.name")).as("root reads every folder").isNotEqualTo("root");
        Path locked = Files.createDirectories(home.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assertThatThrownBy(() -> browser.listFolder("~/locked", false))
                    .isInstanceOfSatisfying(PathForbiddenException.class,
                            e -> assertThat(e.code()).isEqualTo("permission_denied"));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void a_zip_lists_its_entries_with_paths_types_sizes_and_packed_sizes() throws IOException {
        Archives.zip(home.resolve("a.zip"), Entry.folder("docs"), Entry.file("docs/readme.txt", "x".repeat(1000)),
                Entry.file("./top.txt", "top"), Entry.symlink("link", "top.txt"));

        ArchiveListing listing = browser.listArchive("~/a.zip");

        assertThat(listing.format()).isEqualTo("zip");
        assertThat(listing.size()).isEqualTo(Files.size(home.resolve("a.zip")));
        assertThat(listing.entries()).extracting(ArchiveEntry::path, ArchiveEntry::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("docs", EntryType.DIRECTORY),
                        org.assertj.core.groups.Tuple.tuple("docs/readme.txt", EntryType.FILE),
                        org.assertj.core.groups.Tuple.tuple("top.txt", EntryType.FILE),
                        org.assertj.core.groups.Tuple.tuple("link", EntryType.SYMLINK));
        ArchiveEntry readme = listing.entries().get(1);
        assertThat(readme.size()).isEqualTo(1000);
        assertThat(readme.packedSize()).as("deflated").isPositive().isLessThan(1000L);
        assertThat(readme.unsafe()).isFalse();
    }

    @Test
    void a_compressed_tar_and_a_seven_z_list_their_entries_without_packed_sizes() throws IOException {
        Archives.tar(home.resolve("b.tar.gz"), true, Entry.folder("d"), Entry.file("d/f.txt", "hello"));
        Archives.sevenZ(home.resolve("c.7z"), Entry.folder("d"), Entry.file("d/f.txt", "hello"));

        for (String name : List.of("b.tar.gz", "c.7z")) {
            ArchiveListing listing = browser.listArchive("~/" + name);
            assertThat(listing.entries()).as(name).extracting(ArchiveEntry::path).containsExactly("d", "d/f.txt");
            assertThat(listing.entries().get(1).size()).isEqualTo(5);
            assertThat(listing.entries().get(1).packedSize()).isNull();
        }
        assertThat(browser.listArchive("~/b.tar.gz").format()).isEqualTo("tar.gz");
    }

    @Test
    void a_plain_tar_packs_each_file_at_its_own_size() throws IOException {
        Archives.tar(home.resolve("p.tar"), false, Entry.file("f.txt", "hello"));

        ArchiveEntry entry = browser.listArchive("~/p.tar").entries().getFirst();

        assertThat(entry.packedSize()).isEqualTo(5L);
    }

    @Test
    void an_entry_that_would_escape_is_listed_as_stored_and_flagged_unsafe() throws IOException {
        Archives.zip(home.resolve("evil.zip"), Entry.file("../../etc/passwd", "x"), Entry.file("ok.txt", "y"));

        List<ArchiveEntry> entries = browser.listArchive("~/evil.zip").entries();

        assertThat(entries.get(0).path()).isEqualTo("../../etc/passwd");
        assertThat(entries.get(0).unsafe()).isTrue();
        assertThat(entries.get(1).unsafe()).isFalse();
    }

    @Test
    void a_file_that_is_no_archive_a_folder_and_a_missing_file_are_refused_with_their_codes() throws IOException {
        Files.writeString(home.resolve("notes.zip"), "just text");
        Files.createDirectories(home.resolve("dir"));

        assertThatThrownBy(() -> browser.listArchive("~/notes.zip"))
                .isInstanceOfSatisfying(UnusablePathException.class, e -> assertThat(e.code()).isEqualTo("not_an_archive"));
        assertThatThrownBy(() -> browser.listArchive("~/dir"))
                .isInstanceOfSatisfying(UnusablePathException.class, e -> assertThat(e.code()).isEqualTo("not_a_file"));
        assertThatThrownBy(() -> browser.listArchive("~/missing.zip")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> browser.listArchive(""))
                .isInstanceOfSatisfying(UnusablePathException.class, e -> assertThat(e.code()).isEqualTo("bad_path"));
    }

    @Test
    void an_archive_outside_the_roots_is_forbidden() throws IOException {
        Archives.zip(other.resolve("x.zip"), Entry.file("f", "x"));

        assertThatThrownBy(() -> browser.listArchive(other.resolve("x.zip").toString()))
                .isInstanceOf(PathForbiddenException.class);
    }
}
