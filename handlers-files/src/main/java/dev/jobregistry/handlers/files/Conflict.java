package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobParams;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What to do when the place an item goes to is taken. */
enum Conflict {
    /** Leave what is there; the item is listed as skipped. */
    SKIP,
    /** Put the item under a free name next to it: {@code f0 (1).txt}. */
    RENAME,
    /** Replace a file or link that is there; merge into a folder that is there. */
    OVERWRITE,
    /** Stop the job before anything is written. */
    FAIL;

    /** The wire name: {@code skip}, {@code rename}, ... */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads the policy from {@code options.<name>}.
     *
     * @param allowed the policies this handler offers, the first being the default
     */
    static Conflict parse(JobParams options, String name, List<Conflict> allowed) throws InvalidParamsException {
        String raw = options.string(name).orElse(null);
        if (raw == null) {
            return allowed.getFirst();
        }
        for (Conflict conflict : allowed) {
            if (conflict.wireName().equals(raw.trim().toLowerCase(Locale.ROOT))) {
                return conflict;
            }
        }
        throw new InvalidParamsException("params.options." + name + " must be one of "
                + allowed.stream().map(Conflict::wireName).collect(Collectors.joining(", ")) + ", got \"" + raw + "\"");
    }

    /** Every policy, {@code default} first. */
    static List<Conflict> withDefault(Conflict first, Conflict... rest) {
        List<Conflict> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(rest));
        return List.copyOf(all);
    }
}
