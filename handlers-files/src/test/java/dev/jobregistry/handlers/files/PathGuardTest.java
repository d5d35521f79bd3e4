package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathGuardTest {

    @TempDir
    Path temp;

    private Path home;
    private Path other;
    private PathGuard guard;

    @BeforeEach
    void setUp() throws IOException {
        temp = temp.toRealPath();
        home = Files.createDirectories(temp.resolve("home"));
        other = Files.createDirectories(temp.resolve("other"));
        guard = new PathGuard(List.of(home), home);
    }

    @Test
    void a_tilde_stands_for_the_home_folder() throws Exception {
        assertThat(guard.resolve("params.p", "~")).isEqualTo(home);
        assertThat(guard.resolve("params.p", "~/a/b.txt")).isEqualTo(home.resolve("a/b.txt"));
    }

    @Test
    void dot_dot_that_leaves_the_roots_is_refused_with_the_path_and_the_roots() {
        assertThatThrownBy(() -> guard.resolve("params.destination", "~/../other"))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessage("params.destination (~/../other, which resolves to " + other
                        + ") is outside the allowed roots (" + home + ")");
    }

    @Test
    void a_path_through_a_link_is_judged_where_the_link_leads() throws Exception {
        Files.createSymbolicLink(home.resolve("escape"), other);

        assertThatThrownBy(() -> guard.resolve("params.destination", home + "/escape/x"))
                .hasMessageContaining("which resolves to " + other.resolve("x"))
                .hasMessageContaining("is outside the allowed roots");
        assertThatThrownBy(() -> guard.resolveItem("params.sources[0]", home + "/escape/x"))
                .hasMessageContaining("is outside the allowed roots");
    }

    @Test
    void dot_dot_after_a_link_climbs_from_the_links_target_as_the_kernel_does() throws Exception {
        Path deep = Files.createDirectories(other.resolve("deep/er"));
        Files.createSymbolicLink(home.resolve("jump"), deep);

        // lexically ~/jump/../.. is the parent of home; really it is "other"
        assertThatThrownBy(() -> guard.resolve("params.p", home + "/jump/../x"))
                .hasMessageContaining("which resolves to " + other.resolve("deep/x"));
    }

    @Test
    void a_link_in_the_last_place_is_an_item_of_its_own_but_a_place_is_where_it_leads() throws Exception {
        Path link = Files.createSymbolicLink(home.resolve("to-other"), other);

        assertThat(guard.resolveItem("params.paths[0]", link.toString())).isEqualTo(link);
        assertThatThrownBy(() -> guard.resolve("params.destination", link.toString()))
                .hasMessageContaining("is outside the allowed roots");
    }

    @Test
    void a_missing_path_is_resolved_as_far_as_it_exists() throws Exception {
        Files.createSymbolicLink(home.resolve("in"), Files.createDirectories(home.resolve("real")));

        assertThat(guard.resolve("params.p", home + "/in/new/deeper")).isEqualTo(home.resolve("real/new/deeper"));
    }

    @Test
    void a_link_loop_is_refused_with_a_reason() throws Exception {
        Files.createSymbolicLink(home.resolve("a"), home.resolve("b"));
        Files.createSymbolicLink(home.resolve("b"), home.resolve("a"));

        assertThatThrownBy(() -> guard.resolve("params.p", home + "/a/x"))
                .hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void relative_paths_and_other_users_homes_are_refused() {
        assertThatThrownBy(() -> guard.resolve("params.p", "docs/a.txt"))
                .hasMessage("params.p must be an absolute path or start with ~/, got \"docs/a.txt\"");
        assertThatThrownBy(() -> guard.resolve("params.p", "~root/x"))
                .hasMessageContaining("only ~ and ~/... are understood");
        assertThatThrownBy(() -> guard.resolve("params.p", " "))
                .hasMessage("params.p is required");
    }

    @Test
    void a_root_and_the_folders_holding_it_are_recognised() {
        assertThat(guard.holdsRoot(home)).isTrue();
        assertThat(guard.holdsRoot(temp)).isTrue();
        assertThat(guard.holdsRoot(home.resolve("x"))).isFalse();
    }
}
