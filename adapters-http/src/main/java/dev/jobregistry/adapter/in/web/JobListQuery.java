package dev.jobregistry.adapter.in.web;

import dev.jobregistry.application.port.in.JobQuery;
import dev.jobregistry.domain.JobStatus;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.Status;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query of {@code GET /api/jobs}: {@code status} (comma-separated wire names, repeatable),
 * {@code type} (one job type), {@code limit} (0 or more; 0 means all). Other parameters are
 * ignored, so cache-busting parameters do no harm.
 */
final class JobListQuery {

    private static final String STATUS_NAMES = Arrays.stream(JobStatus.values()).map(JobStatus::wireName)
            .collect(Collectors.joining(", "));

    private JobListQuery() {
    }

    /**
     * The use case's query for these parameters.
     *
     * @throws RequestRejectedException 400 {@code bad_query} naming the parameter
     */
    static JobQuery parse(UriQuery query) {
        if (query.isEmpty()) {
            return JobQuery.ALL;
        }
        return new JobQuery(statuses(query), type(query), limit(query));
    }

    private static Set<JobStatus> statuses(UriQuery query) {
        if (!query.contains("status")) {
            return Set.of();
        }
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String value : query.all("status")) {
            for (String name : value.split(",", -1)) {
                String wireName = name.strip().toLowerCase(Locale.ROOT);
                statuses.add(JobStatus.fromWireName(wireName).orElseThrow(() -> badQuery(
                        "status must be a comma-separated list of " + STATUS_NAMES + "; got \"" + shorten(value)
                                + "\"")));
            }
        }
        return statuses;
    }

    private static String type(UriQuery query) {
        if (!query.contains("type")) {
            return null;
        }
        List<String> values = query.all("type");
        if (values.size() != 1 || values.getFirst().isBlank()) {
            throw badQuery("type must be given once and name a job type, such as type=noop");
        }
        return values.getFirst().strip();
    }

    private static int limit(UriQuery query) {
        if (!query.contains("limit")) {
            return 0;
        }
        List<String> values = query.all("limit");
        String value = values.getFirst().strip();
        if (values.size() != 1 || value.isEmpty() || value.length() > 9
                || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw badQuery("limit must be a whole number from 0 (all jobs) to 999999999; got \""
                    + shorten(String.join(",", values)) + "\"");
        }
        return Integer.parseInt(value);
    }

    private static RequestRejectedException badQuery(String message) {
        return new RequestRejectedException(Status.BAD_REQUEST_400, "bad_query", message);
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 57) + "..." : value;
    }
}
