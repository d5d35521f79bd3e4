package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code items} of {@code extract_archive}: archive-relative paths to extract, a folder taking
 * its whole subtree. No items means everything. Remembers which items matched an entry.
 */
final class ItemFilter {

    private final Map<List<String>, Boolean> items = new LinkedHashMap<>();
    private final Map<List<String>, String> raw = new LinkedHashMap<>();

    private ItemFilter() {
    }

    /** The filter for {@code items} (a leading or trailing {@code /} is ignored). */
    static ItemFilter of(List<String> items) throws InvalidParamsException {
        ItemFilter filter = new ItemFilter();
        for (int i = 0; i < items.size(); i++) {
            List<String> names;
            try {
                String item = items.get(i);
                names = EntryNames.split(item.startsWith("/") ? item.substring(1) : item, false);
            } catch (UnsafeEntryException e) {
                names = List.of();
            }
            if (names.isEmpty()) {
                throw new InvalidParamsException("params.items[" + i + "] must be a path inside the archive"
                        + " (no .. and not empty), got \"" + items.get(i) + "\"");
            }
            filter.items.put(names, false);
            filter.raw.put(names, items.get(i));
        }
        return filter;
    }

    /** How many items were asked for. */
    int size() {
        return items.size();
    }

    /** Whether everything is extracted. */
    boolean all() {
        return items.isEmpty();
    }

    /** Whether the entry with these names is wanted: it is an item or lies inside one. */
    boolean matches(List<String> names) {
        if (items.isEmpty()) {
            return true;
        }
        boolean matched = false;
        for (Map.Entry<List<String>, Boolean> item : items.entrySet()) {
            List<String> wanted = item.getKey();
            if (names.size() >= wanted.size() && names.subList(0, wanted.size()).equals(wanted)) {
                item.setValue(true);
                matched = true;
            }
        }
        return matched;
    }

    /** The items no entry matched, as the client wrote them. */
    List<String> unmatched() {
        List<String> missing = new ArrayList<>();
        items.forEach((names, matched) -> {
            if (!matched) {
                missing.add(raw.get(names));
            }
        });
        return missing;
    }

    /** Forgets which items matched (after a scan, before the extraction itself). */
    void reset() {
        items.replaceAll((names, matched) -> false);
    }
}
