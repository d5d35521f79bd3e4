package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.InvalidParamsException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.application.spi.JobParams;
import dev.jobregistry.application.spi.JobType;

/**
 * {@code bulk_move}: moves files and folders into a destination folder.
 *
 * <p>Params and result as {@link BulkCopyHandler}; each succeeded item also says {@code how}:
 * {@code renamed} (same file system: one atomic rename) or {@code copied then deleted} (across file
 * systems: each source file is deleted only once its copy is complete, so an interruption never
 * loses data). A root, or a folder holding one, cannot be moved.
 */
@JobType("bulk_move")
public final class BulkMoveHandler extends FileHandler {

    @Override
    public void validate(JobParams params) throws InvalidParamsException {
        TransferRequest.parse(params, guard(), true);
    }

    @Override
    public void run(JobContext context, JobParams params) throws Exception {
        new BulkTransfer(context, TransferRequest.parse(params, guard(), true), true).run();
    }
}
