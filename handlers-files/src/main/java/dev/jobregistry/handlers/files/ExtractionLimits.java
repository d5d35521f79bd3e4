package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobParams;

/**
 * The archive-bomb limits of one extraction, from {@code options.max_total_bytes},
 * {@code options.max_entries} and {@code options.max_ratio} (each per job; the defaults below
 * apply when absent). The ratio is judged against the compressed bytes read so far, once more than
 * {@link #GRACE_BYTES} have been written, so a bomb is stopped after a few megabytes however its
 * headers lie; when the archive's index declares sizes, the declared total is checked against the
 * archive's size before anything is written.
 *
 * @param maxTotalBytes the most bytes an extraction may write
 * @param maxEntries    the most entries an archive may have
 * @param maxRatio      the most bytes written per compressed byte read
 */
record ExtractionLimits(long maxTotalBytes, long maxEntries, double maxRatio) {

    /** Default {@code max_total_bytes}: 64 GiB. */
    static final long DEFAULT_MAX_TOTAL_BYTES = 64L << 30;
    /** Default {@code max_entries}. */
    static final long DEFAULT_MAX_ENTRIES = 250_000;
    /** Default {@code max_ratio}. */
    static final double DEFAULT_MAX_RATIO = 100;
    /** Bytes written before the ratio is judged: small archives of very compressible text pass. */
    static final long GRACE_BYTES = 8L << 20;

    static final ExtractionLimits DEFAULTS = new ExtractionLimits(DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_ENTRIES,
            DEFAULT_MAX_RATIO);

    /** Reads the limits from the job's {@code options}. */
    static ExtractionLimits parse(JobParams options) throws InvalidParamsException {
        double total = options.number("max_total_bytes", DEFAULT_MAX_TOTAL_BYTES);
        double entries = options.number("max_entries", DEFAULT_MAX_ENTRIES);
        double ratio = options.number("max_ratio", DEFAULT_MAX_RATIO);
        if (!(total >= 1)) {
            throw new InvalidParamsException("params.options.max_total_bytes must be a positive number of bytes, got "
                    + total);
        }
        if (!(entries >= 1)) {
            throw new InvalidParamsException("params.options.max_entries must be a positive number, got " + entries);
        }
        if (!(ratio >= 1)) {
            throw new InvalidParamsException("params.options.max_ratio must be at least 1, got " + ratio);
        }
        return new ExtractionLimits((long) Math.min(total, Long.MAX_VALUE), (long) Math.min(entries, Long.MAX_VALUE),
                ratio);
    }

    /** The most an archive of {@code archiveBytes} may expand to by the ratio. */
    double ratioAllowance(long archiveBytes) {
        return GRACE_BYTES + maxRatio * Math.max(1, archiveBytes);
    }

    /** An extraction went past a limit: likely an archive bomb. */
    static final class LimitExceededException extends java.io.IOException {
        LimitExceededException(String message) {
            super(message);
        }
    }
}
