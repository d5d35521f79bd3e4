package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.BrowseFilesUseCase;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;
import java.util.Locale;

/**
 * The read-only file listings the pages browse with, to be registered under {@value #PATH}:
 * translates HTTP to {@link BrowseFilesUseCase} calls and their results to the envelope
 * ({@link FileListingDto}). Errors are thrown, and {@link ErrorMapping} answers them (403 outside
 * the roots, 404 missing, 400 unusable).
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>Method</th><th>Path</th><th>Success</th></tr>
 *   <tr><td>GET</td><td>/api/files?path=DIR[&amp;hidden=1]</td><td>200, the folder's entries (no path: the first root)</td></tr>
 *   <tr><td>GET</td><td>/api/archives/entries?path=ARCHIVE</td><td>200, the archive's entries</td></tr>
 * </table>
 * Other methods on these paths get 405 with {@code Allow}.
 */
public final class FilesHttpService implements HttpService {

    /** The path this service is registered under. */
    public static final String PATH = "/api";

    private final BrowseFilesUseCase files;

    /** @param files the listings */
    public FilesHttpService(BrowseFilesUseCase files) {
        this.files = files;
    }

    /** Registers the routes, relative to {@value #PATH}. */
    @Override
    public void routing(HttpRules rules) {
        rules.get("/files", this::folder)
                .any("/files", JobsHttpService.methodNotAllowed("GET"))
                .get("/archives/entries", this::archive)
                .any("/archives/entries", JobsHttpService.methodNotAllowed("GET"));
    }

    private void folder(ServerRequest req, ServerResponse res) {
        UriQuery query = req.query();
        String path = single(query, "path");
        boolean hidden = flag(query, "hidden");
        noStore(res);
        Envelope.sendOk(res, Status.OK_200, FileListingDto.folder(files.listFolder(path, hidden), files.roots()));
    }

    private void archive(ServerRequest req, ServerResponse res) {
        String path = single(req.query(), "path");
        if (path == null || path.isBlank()) {
            throw badQuery("path is required: the archive to list, such as path=~/backup.zip");
        }
        noStore(res);
        Envelope.sendOk(res, Status.OK_200, FileListingDto.archive(files.listArchive(path)));
    }

    /** File names are private: no cache keeps them. */
    private static void noStore(ServerResponse res) {
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
    }

    private static String single(UriQuery query, String name) {
        if (!query.contains(name)) {
            return null;
        }
        List<String> values = query.all(name);
        if (values.size() != 1) {
            throw badQuery(name + " must be given once");
        }
        return values.getFirst();
    }

    private static boolean flag(UriQuery query, String name) {
        String value = single(query, name);
        if (value == null) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "", "0", "false", "no" -> false;
            default -> throw badQuery(name + " must be 1 or 0, got \"" + (value.length() > 20 ? value.substring(0, 17)
                    + "..." : value) + "\"");
        };
    }

    private static RequestRejectedException badQuery(String message) {
        return new RequestRejectedException(Status.BAD_REQUEST_400, "bad_query", message);
    }
}
