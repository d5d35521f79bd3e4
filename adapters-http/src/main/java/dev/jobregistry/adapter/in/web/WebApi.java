package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.BrowseFilesUseCase;
import dev.jobregistry.application.port.in.JobsUseCase;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import java.util.function.Consumer;

/**
 * Builds the HTTP side of the registry: what {@code bootstrap} calls.
 *
 * <pre>{@code
 * JobEventHub events = new JobEventHub();   // also the JobChangeListener given to the use cases
 * WebServer server = WebApi.server(jobService, fileBrowser, events, settings).build().start();
 * }</pre>
 *
 * or, to add routes of its own (static pages) to the same routing:
 *
 * <pre>{@code
 * WebServer server = WebApi.configure(WebServer.builder(), jobService, fileBrowser, events, settings,
 *         routing -> routing.get("/hello", (req, res) -> res.send("hi"))).build().start();
 * }</pre>
 */
public final class WebApi {

    private WebApi() {
    }

    /**
     * Adds the API and the pages to {@code routing}: the browser-safety filter (in front of every
     * route of the routing, not only the API), the jobs routes under {@value JobsHttpService#PATH},
     * the file listings ({@link FilesHttpService}), the web pages and their scripts
     * ({@link WebPages}), and the error mapping (which also answers unknown paths with a 404
     * envelope).
     *
     * @param routing  the routing to add to
     * @param jobs     the use cases the API calls
     * @param files    the file and archive listings the pages browse with
     * @param events   the hub event streams read from (the use cases' change listener)
     * @param settings names, token and body limit
     */
    public static void routing(HttpRouting.Builder routing, JobsUseCase jobs, BrowseFilesUseCase files,
                               JobEventHub events, HttpSettings settings) {
        routing.addFilter(new BrowserSafetyFilter(settings))
                .register(JobsHttpService.PATH, new JobsHttpService(jobs, events, settings.maxBodyBytes()))
                .register(FilesHttpService.PATH, new FilesHttpService(files));
        WebPages.register(routing);
        ErrorMapping.register(routing);
    }

    /**
     * A new server builder with the API configured: see
     * {@link #configure(WebServerConfig.Builder, JobsUseCase, BrowseFilesUseCase, JobEventHub, HttpSettings, Consumer)}.
     *
     * @param jobs     the use cases the API calls
     * @param files    the file and archive listings the pages browse with
     * @param events   the hub event streams read from (the use cases' change listener)
     * @param settings where to listen, names, token and body limit
     * @return the builder, ready to {@code build().start()}
     */
    public static WebServerConfig.Builder server(JobsUseCase jobs, BrowseFilesUseCase files, JobEventHub events,
                                                 HttpSettings settings) {
        return configure(WebServer.builder(), jobs, files, events, settings, routing -> { });
    }

    /**
     * Configures {@code server}: host, port, {@code maxPayloadSize} (so Helidon refuses an
     * oversized body, announced or chunked, before the application reads it), {@code TCP_NODELAY}
     * on accepted connections (replacing any connection options set before), JSON answers for the
     * errors Helidon handles before routing, and the routing of
     * {@link #routing(HttpRouting.Builder, JobsUseCase, BrowseFilesUseCase, JobEventHub, HttpSettings)}.
     *
     * @param server      the builder to configure
     * @param jobs        the use cases the API calls
     * @param files       the file and archive listings the pages browse with
     * @param events      the hub event streams read from (the use cases' change listener)
     * @param settings    where to listen, names, token and body limit
     * @param extraRoutes adds further routes; they are registered before the jobs API
     * @return {@code server}
     */
    public static WebServerConfig.Builder configure(WebServerConfig.Builder server, JobsUseCase jobs,
                                                    BrowseFilesUseCase files, JobEventHub events, HttpSettings settings,
                                                    Consumer<HttpRouting.Builder> extraRoutes) {
        return server.host(settings.host())
                .port(settings.port())
                .maxPayloadSize(settings.maxBodyBytes())
                // without TCP_NODELAY, a response written in two parts waits for a delayed ACK (~40 ms)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .directHandlers(JsonDirectHandler.all(settings.maxBodyBytes()))
                .routing(routing -> {
                    extraRoutes.accept(routing);
                    routing(routing, jobs, files, events, settings);
                });
    }
}
