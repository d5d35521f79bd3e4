package dev.jobregistry.adapter.in.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages and their scripts: served from the class path, with a strict Content-Security-Policy. */
@ServerTest
class WebPagesTest {

    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final Pattern INLINE_HANDLER = Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);
    private static final TestRegistry REGISTRY = new TestRegistry();

    private final Api api;

    WebPagesTest(Http1Client client) {
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

    @ParameterizedTest
    @ValueSource(strings = {"/", "/files", "/archives"})
    void each_page_is_html_with_a_policy_that_allows_scripts_from_this_origin_only(String path) {
        Api.Reply reply = api.get(path);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(reply.header(CSP)).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'").contains("default-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
        assertThat(reply.header(HeaderNames.X_CONTENT_TYPE_OPTIONS)).contains("nosniff");
        assertThat(reply.header(HeaderNames.create("Referrer-Policy"))).contains("no-referrer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/files", "/archives"})
    void no_page_has_an_inline_script_or_an_inline_event_handler(String path) {
        String html = api.get(path).body();

        Matcher scripts = SCRIPT.matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertThat(scripts.group(1)).contains("type=\"module\"").contains("src=\"/static/");
            assertThat(scripts.group(2)).isBlank();
        }
        assertThat(count).isPositive();
        assertThat(INLINE_HANDLER.matcher(html).find()).as("inline on...= handler in %s", path).isFalse();
        assertThat(html).contains("<meta name=\"viewport\"").contains("lang=\"en\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/js/jobs_client.js", "/static/js/te_ui.js", "/static/js/dashboard.js",
            "/static/js/files.js", "/static/js/archives.js"})
    void the_modules_are_served_as_javascript(String path) {
        Api.Reply reply = api.get(path);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).hasValueSatisfying(type -> assertThat(type).containsIgnoringCase("javascript"));
        assertThat(reply.body()).doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML").doesNotContain("eval(");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/js/jobs_client.js", "/static/js/te_ui.js"})
    void the_contract_modules_are_es_modules_that_also_fill_window(String path) {
        String body = api.get(path).body();

        assertThat(body).contains("export function").contains("window.");
    }

    @Test
    void an_unknown_page_is_the_404_envelope() {
        Api.Reply reply = api.get("/no-such-page");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("not_found");
        assertThat(api.get("/static/js/nothing.js").status()).isEqualTo(404);
        assertThat(api.get("/static/../pages/index.html").status()).isIn(404, 400);
    }

    @Test
    void an_api_answer_is_not_given_the_page_policy() {
        assertThat(api.get("/api/jobs").header(CSP)).isEmpty();
    }

    @Test
    void a_page_requested_from_another_site_is_refused() {
        Api.Reply reply = api.get("/files", HeaderValues.create(HeaderNames.ORIGIN, "http://evil.example"));

        assertThat(reply.status()).isEqualTo(403);
    }
}
