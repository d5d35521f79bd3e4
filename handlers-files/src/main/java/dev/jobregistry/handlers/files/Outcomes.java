package dev.jobregistry.handlers.files;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bulk job did, item by item, for its result: what succeeded, what was skipped and why,
 * what failed and why. Lists are capped at {@value #MAX_LISTED} entries each so a job over a huge
 * tree keeps a small record; the counts are always exact. Safe to use from several threads.
 */
final class Outcomes {

    static final int MAX_LISTED = 100;

    private final List<Map<String, Object>> succeeded = new ArrayList<>();
    private final List<Map<String, Object>> skipped = new ArrayList<>();
    private final List<Map<String, Object>> failed = new ArrayList<>();
    private int succeededCount;
    private int skippedCount;
    private int failedCount;

    /** An item reached its place ({@code target} may be null, as for a deletion). */
    synchronized void succeeded(Path source, Path target, String how) {
        succeededCount++;
        if (succeeded.size() < MAX_LISTED) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", source.toString());
            if (target != null) {
                entry.put("target", target.toString());
            }
            if (how != null) {
                entry.put("how", how);
            }
            succeeded.add(entry);
        }
    }

    /** An item was left alone on purpose. */
    synchronized void skipped(Path path, String reason) {
        skippedCount++;
        if (skipped.size() < MAX_LISTED) {
            skipped.add(Map.of("path", path.toString(), "reason", reason));
        }
    }

    /** Something could not be done; {@code path} may lie deep inside an item. */
    synchronized void failed(Path path, String error) {
        failedCount++;
        if (failed.size() < MAX_LISTED) {
            failed.add(Map.of("path", path.toString(), "error", error));
        }
    }

    synchronized int succeededCount() {
        return succeededCount;
    }

    synchronized int skippedCount() {
        return skippedCount;
    }

    synchronized int failedCount() {
        return failedCount;
    }

    /** The first failure, for a message: {@code "a.txt: permission denied"}. */
    synchronized String firstFailure() {
        return failed.isEmpty() ? null : failed.getFirst().get("path") + ": " + failed.getFirst().get("error");
    }

    /** The result object: the lists, their counts, and whatever {@code extra} adds first. */
    synchronized Map<String, Object> toResult(Map<String, Object> extra) {
        Map<String, Object> result = new LinkedHashMap<>(extra);
        result.put("succeeded", List.copyOf(succeeded));
        result.put("skipped", List.copyOf(skipped));
        result.put("failed", List.copyOf(failed));
        result.put("succeeded_count", succeededCount);
        result.put("skipped_count", skippedCount);
        result.put("failed_count", failedCount);
        return result;
    }
}
