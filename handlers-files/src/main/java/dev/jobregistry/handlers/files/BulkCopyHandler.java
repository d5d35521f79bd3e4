package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.spi.JobType;

/**
 * {@code bulk_copy}: copies files and folders into a destination folder, as {@code cp -a} would.
 *
 * <p>Params: {@code sources} (list of paths), {@code destination} (a folder; created when
 * missing), {@code options.conflict}: {@code fail} (default: refuse before copying anything),
 * {@code skip}, {@code rename} ({@code a (1).txt}) or {@code overwrite} (replace files, merge
 * folders). Every path must lie inside the roots. Links are copied as links, never followed;
 * permissions (without setuid/setgid) and modification times are kept.
 *
 * <p>Result: {@code destination}, {@code bytes}, and {@code succeeded} ({@code path},
 * {@code target}), {@code skipped} ({@code path}, {@code reason}), {@code failed} ({@code path},
 * {@code error}) with their counts. Progress counts bytes of regular files; a cancel stops within
 * a chunk and removes the file being written.
 */
@JobType("bulk_copy")
public final class BulkCopyHandler extends FileHandler {

    @Override
    public void validate(JobParams params) throws InvalidParamsException {
        TransferRequest.parse(params, guard(), false);
    }

    @Override
    public void run(JobContext context, JobParams params) throws Exception {
        new BulkTransfer(context, TransferRequest.parse(params, guard(), false), false).run();
    }
}
