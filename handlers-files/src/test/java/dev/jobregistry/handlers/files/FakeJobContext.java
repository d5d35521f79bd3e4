package dev.jobregistry.handlers.files;

import dev.jobregistry.application.spi.JobCancelledException;
import dev.jobregistry.application.spi.JobContext;
import dev.jobregistry.domain.JobId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A context that records what a handler reports and asks for cancellation after a number of bytes. */
final class FakeJobContext implements JobContext {

    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final List<String> details = Collections.synchronizedList(new ArrayList<>());
    volatile long cancelAfterBytes = Long.MAX_VALUE;
    volatile boolean cancelNow;
    volatile Long completed;
    volatile Long total;
    volatile long maxCompletedSeen;
    volatile String finishMessage;
    volatile Map<String, Object> result;

    /** A context that asks for cancellation once {@code bytes} have been reported done. */
    static FakeJobContext cancellingAfter(long bytes) {
        FakeJobContext context = new FakeJobContext();
        context.cancelAfterBytes = bytes;
        return context;
    }

    @Override
    public JobId jobId() {
        return new JobId("job-test");
    }

    @Override
    public boolean isCancelRequested() {
        Long done = completed;
        return cancelNow || (done != null && done >= cancelAfterBytes);
    }

    @Override
    public void checkCancelled() throws JobCancelledException {
        if (isCancelRequested()) {
            throw new JobCancelledException();
        }
    }

    @Override
    public void setMessage(String message) {
        messages.add(message);
    }

    @Override
    public void setProgress(Long completed, Long total, String detail) {
        if (completed != null) {
            this.completed = completed;
            maxCompletedSeen = Math.max(maxCompletedSeen, completed);
        }
        if (total != null) {
            this.total = total;
        }
        if (detail != null) {
            details.add(detail);
        }
    }

    @Override
    public void finish(String message, Map<String, ?> result) {
        this.finishMessage = message;
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) result;
        this.result = copy;
    }

    @Override
    public void attachProcess(Process process) {
    }

    @Override
    public void detachProcess() {
    }

    @Override
    public void pause(Duration duration) throws JobCancelledException {
        checkCancelled();
    }

    /** The last message set. */
    String lastMessage() {
        synchronized (messages) {
            return messages.isEmpty() ? null : messages.getLast();
        }
    }
}
