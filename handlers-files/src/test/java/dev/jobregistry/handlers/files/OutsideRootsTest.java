package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobHandler;
import dev.jobregistry.application.spi.JobParams;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every path param of every file handler, pointed outside the roots (plainly, with {@code ..},
 * or through a link), is refused at submit with a message naming the path and the roots.
 */
class OutsideRootsTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private Path inside;
    private Path zip;

    @BeforeEach
    void setUp() throws IOException {
        temp = temp.toRealPath();
        root = Files.createDirectories(temp.resolve("root"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("file.txt"), "x");
        Archives.zip(outside.resolve("a.zip"), Archives.Entry.file("f", "f"));
        inside = Files.writeString(root.resolve("inside.txt"), "x");
        zip = Archives.zip(root.resolve("a.zip"), Archives.Entry.file("f", "f"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
    }

    static Stream<Arguments> outsidePaths() {
        return Stream.of("{out}/file.txt", "{root}/../outside/file.txt", "{root}/escape/file.txt")
                .flatMap(way -> Stream.of(
                        Arguments.of("extract_archive archive_path", way.replace("file.txt", "a.zip"), "archive_path"),
                        Arguments.of("extract_archive destination", way, "destination"),
                        Arguments.of("create_archive archive_path", way.replace("file.txt", "new.zip"), "archive_path"),
                        Arguments.of("create_archive sources", way, "sources[0]"),
                        Arguments.of("bulk_copy sources", way, "sources[0]"),
                        Arguments.of("bulk_copy destination", way.replace("/file.txt", ""), "destination"),
                        Arguments.of("bulk_move sources", way, "sources[0]"),
                        Arguments.of("bulk_move destination", way.replace("/file.txt", ""), "destination"),
                        Arguments.of("bulk_delete paths", way, "paths[0]")));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("outsidePaths")
    void a_path_param_outside_the_roots_is_refused_at_submit(String what, String way, String param) {
        String path = way.replace("{out}", outside.toString()).replace("{root}", root.toString());
        String type = what.substring(0, what.indexOf(' '));
        JobHandler handler = Trees.init(switch (type) {
            case "extract_archive" -> new ExtractArchiveHandler();
            case "create_archive" -> new CreateArchiveHandler();
            case "bulk_copy" -> new BulkCopyHandler();
            case "bulk_move" -> new BulkMoveHandler();
            default -> new BulkDeleteHandler();
        }, root);
        Map<String, Object> params = switch (what) {
            case "extract_archive archive_path" -> Map.of("archive_path", path);
            case "extract_archive destination" -> Map.of("archive_path", zip.toString(), "destination", path);
            case "create_archive archive_path" -> Map.of("archive_path", path, "sources", List.of(inside.toString()));
            case "create_archive sources" -> Map.of("archive_path", root + "/new.zip", "sources", List.of(path));
            case "bulk_copy sources", "bulk_move sources" -> Map.of("sources", List.of(path), "destination",
                    root + "/dest");
            case "bulk_copy destination", "bulk_move destination" -> Map.of("sources", List.of(inside.toString()),
                    "destination", path);
            default -> Map.of("paths", List.of(path));
        };

        assertThatThrownBy(() -> handler.validate(JobParams.of(params)))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessageStartingWith("params." + param + " (" + path)
                .hasMessageEndingWith("is outside the allowed roots (" + root + ")");
    }
}
