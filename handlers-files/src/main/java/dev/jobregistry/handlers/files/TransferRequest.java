package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobParams;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checked params of {@code bulk_copy} and {@code bulk_move}: {@code sources} (files, folders or
 * links, each inside the roots and existing), {@code destination} (a folder inside the roots,
 * created when missing) and {@code options.conflict} ({@code fail} by default, or {@code skip},
 * {@code rename}, {@code overwrite}). Read at submit and again when the job runs.
 *
 * @param sources     the items, resolved (a link in the last place is kept as a link)
 * @param destination the destination folder, resolved
 * @param conflict    what to do when an item's name is taken in the destination
 */
record TransferRequest(List<Path> sources, Path destination, Conflict conflict) {

    static final List<Conflict> POLICIES = Conflict.withDefault(Conflict.FAIL, Conflict.SKIP, Conflict.RENAME,
            Conflict.OVERWRITE);

    /**
     * Reads and checks the params.
     *
     * @param move true for {@code bulk_move}, which may not move a root away
     * @throws InvalidParamsException naming the param and what is wrong
     */
    static TransferRequest parse(JobParams params, PathGuard guard, boolean move) throws InvalidParamsException {
        Conflict conflict = Conflict.parse(params.object("options"), "conflict", POLICIES);
        List<String> raw = params.stringList("sources");
        if (raw.isEmpty()) {
            throw new InvalidParamsException("params.sources must list at least one file or folder");
        }
        Path destination = guard.resolve("params.destination", params.requiredString("destination"));
        BasicFileAttributes destinationAttributes = lstat("params.destination", destination);
        if (destinationAttributes != null && !destinationAttributes.isDirectory()) {
            throw new InvalidParamsException("params.destination (" + destination + ") is not a folder");
        }
        List<Path> sources = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String param = "params.sources[" + i + "]";
            Path source = guard.resolveItem(param, raw.get(i));
            BasicFileAttributes attributes = lstat(param, source);
            if (attributes == null) {
                throw new InvalidParamsException(param + " (" + raw.get(i) + ") does not exist");
            }
            if (source.getFileName() == null || (move && guard.holdsRoot(source))) {
                throw new InvalidParamsException(param + " (" + source + ") is an allowed root or holds one;"
                        + " it cannot be " + (move ? "moved" : "copied") + " as an item");
            }
            if (attributes.isDirectory() && destination.startsWith(source)) {
                throw new InvalidParamsException("params.destination (" + destination + ") is inside " + param + " ("
                        + source + "); a folder cannot be " + (move ? "moved" : "copied") + " into itself");
            }
            Integer previous = names.putIfAbsent(source.getFileName().toString(), i);
            if (previous != null && conflict == Conflict.FAIL) {
                throw new InvalidParamsException("params.sources[" + previous + "] and " + param + " are both named "
                        + source.getFileName() + "; with params.options.conflict fail only one can go to "
                        + destination);
            }
            if (conflict == Conflict.FAIL) {
                Path target = destination.resolve(source.getFileName());
                if (!target.equals(source) && lstat(param, target) != null) {
                    throw new InvalidParamsException(target + " already exists and params.options.conflict is fail;"
                            + " choose skip, rename or overwrite, or another destination");
                }
            }
            sources.add(source);
        }
        return new TransferRequest(List.copyOf(sources), destination, conflict);
    }

    private static BasicFileAttributes lstat(String param, Path path) throws InvalidParamsException {
        try {
            return PathGuard.lstat(path);
        } catch (IOException e) {
            throw new InvalidParamsException(param + " (" + path + ") cannot be examined: " + IoErrors.describe(e));
        }
    }
}
