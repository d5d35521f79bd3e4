package dev.jobregistry.handlers.files;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryNamesTest {

    @Test
    void dots_and_empty_parts_are_dropped() throws Exception {
        assertThat(EntryNames.split("./a//b/./c.txt", false)).isEqualTo(List.of("a", "b", "c.txt"));
        assertThat(EntryNames.split("./", false)).isEmpty();
    }

    @Test
    void backslashes_separate_only_where_windows_wrote_them() throws Exception {
        assertThat(EntryNames.split("a\\b.txt", true)).isEqualTo(List.of("a", "b.txt"));
        assertThat(EntryNames.split("a\\b.txt", false)).isEqualTo(List.of("a\\b.txt"));
    }

    @Test
    void names_that_could_leave_the_destination_are_refused() {
        assertThatThrownBy(() -> EntryNames.split("a/../../b", false)).hasMessageContaining("climbs out");
        assertThatThrownBy(() -> EntryNames.split("a/..", false)).hasMessageContaining("climbs out");
        assertThatThrownBy(() -> EntryNames.split("/etc/passwd", false)).hasMessageContaining("absolute name");
        assertThatThrownBy(() -> EntryNames.split("C:\\Windows\\x", true)).hasMessageContaining("absolute name");
        assertThatThrownBy(() -> EntryNames.split("\\\\server\\share", true)).hasMessageContaining("absolute name");
        assertThatThrownBy(() -> EntryNames.split("a\0b", false)).hasMessageContaining("NUL byte");
        assertThatThrownBy(() -> EntryNames.split("", false)).hasMessageContaining("no name");
    }

    @Test
    void names_in_messages_are_quoted_without_control_characters() {
        assertThat(EntryNames.printable("a\nb")).isEqualTo("'a?b'");
    }
}
