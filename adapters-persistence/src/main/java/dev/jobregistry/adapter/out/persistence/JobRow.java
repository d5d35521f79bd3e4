package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * One row of the SQLite store's {@code jobs} table, column for column, and the translation
 * between it and a {@link Job}. JSON values (params, result, progress) are text in the jobs.json
 * format's rules ({@link JobsJson}); times are whole nanoseconds since the epoch, so that every
 * fraction a time has (the registry's microseconds, the seven digits of the original's Python
 * floats, anything a jobs.json file holds) comes back exactly.
 *
 * @param createdAtNs  epoch nanoseconds
 * @param startedAtNs  epoch nanoseconds, or null
 * @param finishedAtNs epoch nanoseconds, or null
 */
record JobRow(
        String id,
        String type,
        String params,
        String status,
        String message,
        String progress,
        String result,
        String error,
        boolean cancelRequested,
        long createdAtNs,
        Long startedAtNs,
        Long finishedAtNs) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The earliest and latest times a row can hold (signed 64-bit nanoseconds), for messages. */
    static final String TIME_RANGE = "1677-09-21 to 2262-04-11";

    /** A job's row cannot be read back into a job; the message says which column and why. */
    static final class UnreadableRowException extends Exception {
        UnreadableRowException(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The row for {@code job}.
     *
     * @throws IllegalArgumentException if one of its times is outside what a row holds ({@value #TIME_RANGE})
     */
    static JobRow of(Job job) {
        return new JobRow(
                job.id().value(),
                job.type(),
                JobsJson.objectText(job.params()),
                job.status().wireName(),
                job.message(),
                job.progress() == null ? null : JobsJson.progressText(job.progress()),
                job.result() == null ? null : JobsJson.objectText(job.result()),
                job.error(),
                job.cancelRequested(),
                epochNanos(job, "created_at", job.createdAt()),
                job.startedAt() == null ? null : epochNanos(job, "started_at", job.startedAt()),
                job.finishedAt() == null ? null : epochNanos(job, "finished_at", job.finishedAt()));
    }

    /**
     * Checks that {@code job} fits in a row, before the store accepts it into memory: a job that
     * fits there but not on disk would fail every later write.
     *
     * @throws IllegalArgumentException if one of its times is outside {@value #TIME_RANGE}
     */
    static void checkStorable(Job job) {
        epochNanos(job, "created_at", job.createdAt());
        if (job.startedAt() != null) {
            epochNanos(job, "started_at", job.startedAt());
        }
        if (job.finishedAt() != null) {
            epochNanos(job, "finished_at", job.finishedAt());
        }
    }

    /**
     * The job this row holds.
     *
     * @throws UnreadableRowException if a column holds what no job can have
     */
    Job toJob() throws UnreadableRowException {
        JobId jobId;
        try {
            jobId = new JobId(id);
        } catch (IllegalArgumentException e) {
            throw new UnreadableRowException("id \"" + id + "\" is not a valid job id: " + e.getMessage());
        }
        JobStatus jobStatus = JobStatus.fromWireName(status).orElseThrow(
                () -> new UnreadableRowException("unknown status \"" + status + "\""));
        try {
            return new Job(
                    jobId,
                    type,
                    json("params", () -> JobsJson.objectFromText(params)),
                    jobStatus,
                    message,
                    progress == null ? null : json("progress", () -> JobsJson.progressFromText(progress)),
                    result == null ? null : json("result", () -> JobsJson.objectFromText(result)),
                    error,
                    cancelRequested,
                    instant(createdAtNs),
                    startedAtNs == null ? null : instant(startedAtNs),
                    finishedAtNs == null ? null : instant(finishedAtNs));
        } catch (IllegalArgumentException | NullPointerException e) {
            // The domain refuses it for a reason of its own.
            throw new UnreadableRowException(e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Decoder<T> {
        T decode();
    }

    private static <T> T json(String column, Decoder<T> decoder) throws UnreadableRowException {
        try {
            return decoder.decode();
        } catch (IllegalArgumentException e) {
            throw new UnreadableRowException(column + " is " + e.getMessage());
        }
    }

    private static long epochNanos(Job job, String field, Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS_PER_SECOND), time.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("job " + job.id() + " has " + field + " " + time
                    + ", outside the times the SQLite store can hold (" + TIME_RANGE + "); keep such jobs in "
                    + "the jobs.json store (--store json)");
        }
    }

    private static Instant instant(long epochNanos) {
        try {
            return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
                    Math.floorMod(epochNanos, NANOS_PER_SECOND));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
