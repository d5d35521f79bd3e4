package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The file and archive listings through a real server, over a fake file system. */
@ServerTest
class FilesHttpServiceTest {

    private static final TestRegistry REGISTRY = new TestRegistry();

    private final Api api;

    FilesHttpServiceTest(Http1Client client) {
        this.api = new Api(client);
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        HttpSettings settings = new HttpSettings("localhost", 0, Set.of(), Optional.empty(), 64 * 1024);
        WebApi.configure(server, REGISTRY.jobs, REGISTRY.files, REGISTRY.events, settings, routing -> { });
    }

    @AfterAll
    static void stop() {
        REGISTRY.close();
    }

    @Test
    void a_folder_lists_its_entries_with_the_contract_fields() {
        Api.Reply reply = api.get("/api/files?path=/home/u");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("path").asText()).isEqualTo("/home/u");
        assertThat(data.get("root").asText()).isEqualTo("/home/u");
        assertThat(data.get("parent").isNull()).isTrue();
        assertThat(data.get("roots").get(0).asText()).isEqualTo("/home/u");
        assertThat(data.get("truncated").asBoolean()).isFalse();
        JsonNode zip = data.get("entries").get(1);
        assertThat(zip.get("name").asText()).isEqualTo("a.zip");
        assertThat(zip.get("path").asText()).isEqualTo("/home/u/a.zip");
        assertThat(zip.get("type").asText()).isEqualTo("file");
        assertThat(zip.get("size").asLong()).isEqualTo(1234);
        assertThat(zip.get("mtime").asDouble()).isEqualTo(1733313600.5);
        assertThat(zip.get("is_archive").asBoolean()).isTrue();
        assertThat(zip.get("link_target").isNull()).isTrue();
        JsonNode link = data.get("entries").get(2);
        assertThat(link.get("type").asText()).isEqualTo("symlink");
        assertThat(link.get("link_target").asText()).isEqualTo("directory");
        assertThat(reply.header(HeaderNames.CACHE_CONTROL)).contains("no-store");
    }

    @Test
    void without_a_path_the_first_root_is_listed_and_hidden_entries_only_when_asked() {
        assertThat(api.get("/api/files").data().get("entries")).hasSize(3);
        assertThat(REGISTRY.files.lastPath).isNull();
        assertThat(api.get("/api/files?path=/home/u&hidden=1").data().get("entries")).hasSize(4);
        assertThat(REGISTRY.files.lastHidden).isTrue();
    }

    @Test
    void a_path_is_passed_on_decoded_so_tilde_and_spaces_arrive_as_typed() {
        api.get("/api/files?path=~/my docs"); // the test client encodes the space as %20

        assertThat(REGISTRY.files.lastPath).isEqualTo("~/my docs");
    }

    @Test
    void a_folder_outside_the_roots_answers_403_and_a_missing_one_404() {
        Api.Reply outside = api.get("/api/files?path=/etc");
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.code()).isEqualTo("outside_roots");
        assertThat(outside.error()).isEqualTo("path (/etc) is outside the allowed roots (/home/u)");

        Api.Reply missing = api.get("/api/files?path=/home/u/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("path_not_found");
    }

    @Test
    void a_bad_hidden_flag_or_a_repeated_path_answers_400() {
        assertThat(api.get("/api/files?hidden=maybe").code()).isEqualTo("bad_query");
        assertThat(api.get("/api/files?path=/a&path=/b").code()).isEqualTo("bad_query");
    }

    @Test
    void an_archive_lists_its_entries_with_the_contract_fields() {
        Api.Reply reply = api.get("/api/archives/entries?path=/home/u/a.zip");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("format").asText()).isEqualTo("zip");
        assertThat(data.get("size").asLong()).isEqualTo(1234);
        JsonNode readme = data.get("entries").get(1);
        assertThat(readme.get("path").asText()).isEqualTo("docs/readme.txt");
        assertThat(readme.get("type").asText()).isEqualTo("file");
        assertThat(readme.get("size").asLong()).isEqualTo(1000);
        assertThat(readme.get("packed_size").asLong()).isEqualTo(420);
        assertThat(readme.get("mtime").isNull()).isTrue();
        assertThat(readme.get("unsafe").asBoolean()).isFalse();
        assertThat(data.get("entries").get(0).get("type").asText()).isEqualTo("directory");
    }

    @Test
    void an_archive_listing_needs_a_path_and_refuses_what_is_no_archive() {
        assertThat(api.get("/api/archives/entries").code()).isEqualTo("bad_query");
        Api.Reply text = api.get("/api/archives/entries?path=/home/u/notes.txt");
        assertThat(text.status()).isEqualTo(400);
        assertThat(text.code()).isEqualTo("not_an_archive");
        assertThat(api.get("/api/archives/entries?path=/etc/x.zip").status()).isEqualTo(403);
        assertThat(api.get("/api/archives/entries?path=/home/u/gone.zip").status()).isEqualTo(404);
    }

    @Test
    void the_listings_allow_only_get() {
        Api.Reply reply = api.call(Method.DELETE, "/api/files?path=/home/u");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header(HeaderNames.ALLOW)).contains("GET");
        assertThat(api.call(Method.PUT, "/api/archives/entries").status()).isEqualTo(405);
    }
}
