package dev.jobregistry.adapter.in.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Header;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

import java.util.List;

/**
 * The web pages and their scripts, served as they are from the class path
 * ({@code src/main/resources/web}) with Helidon's {@link StaticContentFeature}; no build step.
 *
 * <table>
 *   <caption>Paths</caption>
 *   <tr><th>Path</th><th>Resource</th></tr>
 *   <tr><td>{@code /}</td><td>{@code web/pages/index.html}: the jobs dashboard</td></tr>
 *   <tr><td>{@code /files}</td><td>{@code web/pages/files.html}: the File Explorer</td></tr>
 *   <tr><td>{@code /archives}</td><td>{@code web/pages/archives.html}: the Archive Manager</td></tr>
 *   <tr><td>{@code /static/...}</td><td>{@code web/static/...}: {@code js/jobs_client.js}, {@code js/te_ui.js},
 *       the pages' scripts and styles</td></tr>
 * </table>
 *
 * <p>Every response outside {@code /api/} carries {@link #CONTENT_SECURITY_POLICY} (scripts, styles
 * and connections from this origin only; no inline script, no framing), {@code nosniff},
 * {@code Referrer-Policy: no-referrer} (so a token in a page's address never leaves in a
 * {@code Referer}) and {@code Cache-Control: no-cache} (the browser revalidates, so an upgrade
 * shows at once).
 */
final class WebPages {

    /** The policy every page is served with. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    private static final List<Header> PAGE_HEADERS = List.of(
            HeaderValues.create(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY),
            HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF,
            HeaderValues.create(HeaderNames.create("Referrer-Policy"), "no-referrer"),
            HeaderValues.create(HeaderNames.create("X-Frame-Options"), "DENY"),
            HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));

    private WebPages() {
    }

    /**
     * Adds the page headers filter and the static content; to be called after the API routes are
     * registered, so API requests never reach the class-path lookups.
     */
    static void register(HttpRouting.Builder routing) {
        ClassLoader loader = WebPages.class.getClassLoader();
        routing.addFilter(WebPages::headers)
                .register("/static", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                        .location("web/static")
                        .classLoader(loader)
                        .build()))
                .register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                        .location("web/pages")
                        .welcome("index.html")
                        .pathMapper(WebPages::page)
                        .classLoader(loader)
                        .build()));
    }

    /** The page resource for a request path (without its leading slash). */
    static String page(String path) {
        return switch (path) {
            case "files", "files/" -> "files.html";
            case "archives", "archives/" -> "archives.html";
            default -> path;
        };
    }

    private static void headers(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!BrowserSafetyFilter.isApiPath(req.prologue().uriPath().path())) {
            PAGE_HEADERS.forEach(res::header);
        }
        chain.proceed();
    }
}
