package dev.jobregistry.handlers.files;

import java.util.function.LongSupplier;

/**
 * Counts what one extraction writes against its {@link ExtractionLimits}, passing the bytes on to
 * the job's {@link Progress}. Throws {@link ExtractionLimits.LimitExceededException} the moment a
 * limit is passed, from inside the copy, so the file being written is removed.
 */
final class ExtractionBudget implements FileCopier.ByteListener {

    private final ExtractionLimits limits;
    private final LongSupplier compressedBytesRead;
    private final Progress progress;
    private long written;
    private long entries;

    ExtractionBudget(ExtractionLimits limits, LongSupplier compressedBytesRead, Progress progress) {
        this.limits = limits;
        this.compressedBytesRead = compressedBytesRead;
        this.progress = progress;
    }

    /** Checks what the archive's index declares before anything is written. */
    void checkDeclared(long declaredBytes, long declaredEntries, long archiveBytes)
            throws ExtractionLimits.LimitExceededException {
        if (declaredEntries > limits.maxEntries()) {
            throw new ExtractionLimits.LimitExceededException("it has " + declaredEntries + " entries, more than the limit of "
                    + limits.maxEntries() + " (params.options.max_entries)");
        }
        if (declaredBytes > limits.maxTotalBytes()) {
            throw new ExtractionLimits.LimitExceededException("it would expand to " + Sizes.human(declaredBytes)
                    + ", more than the limit of " + Sizes.human(limits.maxTotalBytes())
                    + " (params.options.max_total_bytes)");
        }
        if (declaredBytes > limits.ratioAllowance(archiveBytes)) {
            throw new ExtractionLimits.LimitExceededException("it would expand to " + Sizes.human(declaredBytes) + " from "
                    + Sizes.human(archiveBytes) + ", more than " + ratioText() + " times its size: the mark of an"
                    + " archive bomb (if you trust it, raise params.options.max_ratio)");
        }
    }

    /** One more entry. */
    void entry() throws ExtractionLimits.LimitExceededException {
        if (++entries > limits.maxEntries()) {
            throw new ExtractionLimits.LimitExceededException("it has more than " + limits.maxEntries()
                    + " entries (params.options.max_entries)");
        }
    }

    @Override
    public void written(long bytes) throws ExtractionLimits.LimitExceededException {
        written += bytes;
        if (written > limits.maxTotalBytes()) {
            throw new ExtractionLimits.LimitExceededException("it expands to more than the limit of "
                    + Sizes.human(limits.maxTotalBytes()) + " (params.options.max_total_bytes)");
        }
        if (written > ExtractionLimits.GRACE_BYTES) {
            long compressed = Math.max(1, compressedBytesRead.getAsLong());
            if (written > limits.maxRatio() * compressed) {
                throw new ExtractionLimits.LimitExceededException("it expands to more than " + ratioText()
                        + " times its compressed size (" + Sizes.human(written) + " from " + Sizes.human(compressed)
                        + " so far): the mark of an archive bomb (if you trust it, raise params.options.max_ratio)");
            }
        }
        progress.written(bytes);
    }

    /** Bytes written so far. */
    long written() {
        return written;
    }

    private String ratioText() {
        double ratio = limits.maxRatio();
        return ratio == Math.rint(ratio) ? String.valueOf((long) ratio) : String.valueOf(ratio);
    }
}
