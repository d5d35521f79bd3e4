package dev.jobregistry.adapter.in.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Progress;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the web shell sees it: the contract's field names, lower-case status, times as epoch
 * seconds with a fraction. Made from a domain {@link Job} and written field by field, so the wire
 * format is spelled out here and nowhere depends on how the domain names things.
 *
 * @param progress null until the handler reports; then only the parts it has set
 * @param result   a JSON object or null
 */
record JobDto(
        String id,
        String type,
        Map<String, Object> params,
        String status,
        String message,
        ProgressDto progress,
        Map<String, Object> result,
        String error,
        boolean cancelRequested,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt) {

    private static final String[] STATUS_NAMES = new String[JobStatus.values().length];

    static {
        for (JobStatus status : JobStatus.values()) {
            STATUS_NAMES[status.ordinal()] = status.wireName();
        }
    }

    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString PARAMS = new SerializedString("params");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString PROGRESS = new SerializedString("progress");
    private static final SerializedString RESULT = new SerializedString("result");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString CANCEL_REQUESTED = new SerializedString("cancel_requested");
    private static final SerializedString CREATED_AT = new SerializedString("created_at");
    private static final SerializedString STARTED_AT = new SerializedString("started_at");
    private static final SerializedString FINISHED_AT = new SerializedString("finished_at");
    private static final SerializedString COMPLETED = new SerializedString("completed");
    private static final SerializedString TOTAL = new SerializedString("total");
    private static final SerializedString DETAIL = new SerializedString("detail");

    /** The wire view of {@code job}. */
    static JobDto of(Job job) {
        Progress progress = job.progress();
        return new JobDto(job.id().value(), job.type(), job.params(), STATUS_NAMES[job.status().ordinal()],
                job.message(),
                progress == null ? null : new ProgressDto(progress.completed(), progress.total(), progress.detail()),
                job.result(), job.error(), job.cancelRequested(), job.createdAt(), job.startedAt(), job.finishedAt());
    }

    /** One job as envelope data. */
    static Envelope.Data one(Job job) {
        JobDto dto = of(job);
        return dto::writeTo;
    }

    /** A list of jobs as envelope data, in the order given. */
    static Envelope.Data list(List<Job> jobs) {
        return json -> {
            json.writeStartArray();
            for (Job job : jobs) {
                of(job).writeTo(json);
            }
            json.writeEndArray();
        };
    }

    /** Writes this job as one JSON object. */
    void writeTo(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeFieldName(ID);
        json.writeString(id);
        json.writeFieldName(TYPE);
        json.writeString(type);
        json.writeFieldName(PARAMS);
        Envelope.writeValue(json, params);
        json.writeFieldName(STATUS);
        json.writeString(status);
        json.writeFieldName(MESSAGE);
        json.writeString(message);
        json.writeFieldName(PROGRESS);
        if (progress == null) {
            json.writeNull();
        } else {
            progress.writeTo(json);
        }
        json.writeFieldName(RESULT);
        Envelope.writeValue(json, result);
        json.writeFieldName(ERROR);
        json.writeString(error);
        json.writeFieldName(CANCEL_REQUESTED);
        json.writeBoolean(cancelRequested);
        json.writeFieldName(CREATED_AT);
        writeTime(json, createdAt);
        json.writeFieldName(STARTED_AT);
        writeTime(json, startedAt);
        json.writeFieldName(FINISHED_AT);
        writeTime(json, finishedAt);
        json.writeEndObject();
    }

    private static void writeTime(JsonGenerator json, Instant time) throws IOException {
        if (time == null) {
            json.writeNull();
        } else {
            json.writeNumber(EpochSeconds.format(time));
        }
    }

    /** Progress on the wire: each of {@code completed}, {@code total}, {@code detail} only when set. */
    record ProgressDto(Long completed, Long total, String detail) {

        void writeTo(JsonGenerator json) throws IOException {
            json.writeStartObject();
            if (completed != null) {
                json.writeFieldName(COMPLETED);
                json.writeNumber(completed);
            }
            if (total != null) {
                json.writeFieldName(TOTAL);
                json.writeNumber(total);
            }
            if (detail != null) {
                json.writeFieldName(DETAIL);
                json.writeString(detail);
            }
            json.writeEndObject();
        }
    }
}
