package dev.jobregistry.adapter.out.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobId;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The jobs.json format, both ways: one JSON object keyed by job id, each value a job with the
 * contract's keys, indented by two spaces and ASCII-only, as the original registry's
 * {@code json.dumps(..., indent=2)} wrote it. Times are epoch seconds with a fraction, written with
 * exactly the digits the instant holds, so a time read from the file is written back unchanged.
 */
final class JobsJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Python's json.dumps escapes every non-ASCII character (ensure_ascii), in lower-case hex;
            // an ASCII file also loads in the original whatever its locale's encoding.
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            // Python's json module reads and writes NaN and Infinity as bare words (allow_nan), and a
            // Flask request could put them in params; keep them as they are rather than reject the file.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    /** Reads floats as exact decimals, so that times keep every digit the file has. */
    private static final ObjectMapper TREES = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * Reads jobs.json files: {@link #TREES}, except that field names are not {@code String.intern()}ed.
     * The parser still shares one String per distinct name within a file, which is all the
     * reader needs; interning also put each record's key (a job id, unique) in the JVM's string
     * table, and was about a fifth of the time a large file took to read.
     */
    private static final ObjectMapper FILE_TREES = JsonMapper.builder(FACTORY.rebuild()
                    .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Jackson's "[Source: REDACTED ...; line: 1, column: 11]" in parse errors, reduced to its line and column. */
    private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\[Source: [^;]*; (line: \\d+, column: \\d+)]");

    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    /** What a jobs.json file held: the jobs that load, and the records that do not. */
    record Contents(List<Job> jobs, List<Rejected> rejected) {
    }

    /** A record that cannot be represented as a job: its key in the file, and why. */
    record Rejected(String key, String reason) {
        @Override
        public String toString() {
            return key + " (" + reason + ")";
        }
    }

    /** The file as a whole cannot be used: not JSON, not an object, or not readable. */
    static final class UnusableFileException extends Exception {
        UnusableFileException(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    /** One record cannot be represented as a job; the message says why. */
    private static final class BadRecordException extends Exception {
        BadRecordException(String reason) {
            super(reason, null, false, false);
        }
    }

    private JobsJson() {
    }

    // ----------------------------------------------------------------- single values as text

    /** For values stored one by one (the SQLite store's columns): compact, and non-ASCII kept as it is. */
    private static final JsonFactory TEXT_FACTORY = FACTORY.rebuild()
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    /**
     * A JSON object (params, result) as compact text, with the same number and string rules as the
     * file: {@link #objectFromText} gives back an equal map.
     */
    static String objectText(Map<String, Object> object) {
        StringWriter text = new StringWriter(64);
        try (JsonGenerator out = TEXT_FACTORY.createGenerator(text)) {
            writeValue(object, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return text.toString();
    }

    /**
     * The JSON object in {@code text}, as plain Java values.
     *
     * @throws IllegalArgumentException if {@code text} is not a JSON object; the message says why
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> objectFromText(String text) {
        JsonNode node = treeFromText(text);
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(text));
        }
        return (Map<String, Object>) plain(node);
    }

    /** Progress as compact text with only the parts a handler reported: {@code {"completed":5,"total":12}}. */
    static String progressText(Progress progress) {
        StringWriter text = new StringWriter(48);
        try (JsonGenerator out = TEXT_FACTORY.createGenerator(text)) {
            writeProgress(progress, out);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return text.toString();
    }

    /**
     * The progress in {@code text}, read by the file's rules.
     *
     * @throws IllegalArgumentException if {@code text} is not a progress object; the message says why
     */
    static Progress progressFromText(String text) {
        try {
            return progress(treeFromText(text));
        } catch (BadRecordException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static JsonNode treeFromText(String text) {
        try {
            return TREES.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(text), e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /**
     * Writes {@code jobs}, in the order given, as one JSON object keyed by id. Does not close
     * {@code out}.
     */
    static void write(Iterable<Job> jobs, OutputStream out) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.setPrettyPrinter(new PythonIndent2());
            generator.writeStartObject();
            for (Job job : jobs) {
                generator.writeFieldName(job.id().value());
                writeJob(job, generator);
            }
            generator.writeEndObject();
        }
    }

    /**
     * A generator for one-line entries (the journal's): compact, with the file's escaping (so an
     * entry never holds a line break), and nothing written between root values. Does not close
     * {@code out}.
     */
    static JsonGenerator entryGenerator(OutputStream out) throws IOException {
        JsonGenerator generator = FACTORY.createGenerator(out);
        generator.setRootValueSeparator(null);
        return generator;
    }

    /**
     * Writes {@code job} as a one-entry object keyed by its id, {@code {"job-1":{...}}}, compact:
     * what {@link #read} loads as a jobs.json holding that one job.
     */
    static void writeEntry(Job job, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName(job.id().value());
        writeJob(job, out);
        out.writeEndObject();
    }

    /**
     * The layout of Python's {@code json.dumps(value, indent=2)}: every entry and array item on its
     * own line, indented by two spaces per level, {@code "key": value}, and {@code {}} and {@code []}
     * when empty. Pre-encoded, because laying out is much of what a write does. One per write.
     */
    private static final class PythonIndent2 implements PrettyPrinter {
        private static final SerializedString KEY_VALUE = new SerializedString(": ");
        private static final SerializedString[] LINE_BREAKS = new SerializedString[16];

        static {
            for (int level = 0; level < LINE_BREAKS.length; level++) {
                LINE_BREAKS[level] = lineBreak(level);
            }
        }

        private int nesting;

        private static SerializedString lineBreak(int level) {
            return new SerializedString("\n" + "  ".repeat(level));
        }

        private void newLine(JsonGenerator out) throws IOException {
            out.writeRaw(nesting < LINE_BREAKS.length ? LINE_BREAKS[nesting] : lineBreak(nesting));
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator out) throws IOException {
            out.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator out) throws IOException {
            out.writeRaw('{');
            nesting++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator out) throws IOException {
            newLine(out);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator out) throws IOException {
            out.writeRaw(KEY_VALUE);
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator out) throws IOException {
            out.writeRaw(',');
            newLine(out);
        }

        @Override
        public void writeEndObject(JsonGenerator out, int entries) throws IOException {
            nesting--;
            if (entries > 0) {
                newLine(out);
            }
            out.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator out) throws IOException {
            out.writeRaw('[');
            nesting++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator out) throws IOException {
            newLine(out);
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator out) throws IOException {
            out.writeRaw(',');
            newLine(out);
        }

        @Override
        public void writeEndArray(JsonGenerator out, int values) throws IOException {
            nesting--;
            if (values > 0) {
                newLine(out);
            }
            out.writeRaw(']');
        }
    }

    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString PARAMS = new SerializedString("params");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString PROGRESS = new SerializedString("progress");
    private static final SerializedString COMPLETED = new SerializedString("completed");
    private static final SerializedString TOTAL = new SerializedString("total");
    private static final SerializedString DETAIL = new SerializedString("detail");
    private static final SerializedString RESULT = new SerializedString("result");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString CANCEL_REQUESTED = new SerializedString("cancel_requested");
    private static final SerializedString CREATED_AT = new SerializedString("created_at");
    private static final SerializedString STARTED_AT = new SerializedString("started_at");
    private static final SerializedString FINISHED_AT = new SerializedString("finished_at");
    private static final Map<JobStatus, SerializedString> WIRE_NAMES = new EnumMap<>(JobStatus.class);

    static {
        for (JobStatus status : JobStatus.values()) {
            WIRE_NAMES.put(status, new SerializedString(status.wireName()));
        }
    }

    private static void writeJob(Job job, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName(ID);
        out.writeString(job.id().value());
        out.writeFieldName(TYPE);
        out.writeString(job.type());
        out.writeFieldName(PARAMS);
        writeValue(job.params(), out);
        out.writeFieldName(STATUS);
        out.writeString(WIRE_NAMES.get(job.status()));
        out.writeFieldName(MESSAGE);
        out.writeString(job.message());
        out.writeFieldName(PROGRESS);
        writeProgress(job.progress(), out);
        out.writeFieldName(RESULT);
        writeValue(job.result(), out);
        out.writeFieldName(ERROR);
        out.writeString(job.error());
        out.writeFieldName(CANCEL_REQUESTED);
        out.writeBoolean(job.cancelRequested());
        writeTime(CREATED_AT, job.createdAt(), out);
        writeTime(STARTED_AT, job.startedAt(), out);
        writeTime(FINISHED_AT, job.finishedAt(), out);
        out.writeEndObject();
    }

    /** Only the parts a handler reported, as the original's merged progress dict held them. */
    private static void writeProgress(Progress progress, JsonGenerator out) throws IOException {
        if (progress == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        if (progress.completed() != null) {
            out.writeFieldName(COMPLETED);
            out.writeNumber(progress.completed());
        }
        if (progress.total() != null) {
            out.writeFieldName(TOTAL);
            out.writeNumber(progress.total());
        }
        if (progress.detail() != null) {
            out.writeFieldName(DETAIL);
            out.writeString(progress.detail());
        }
        out.writeEndObject();
    }

    private static void writeTime(SerializedString field, Instant time, JsonGenerator out) throws IOException {
        out.writeFieldName(field);
        if (time == null) {
            out.writeNull();
        } else {
            out.writeNumber(epochSeconds(time));
        }
    }

    /**
     * Epoch seconds with the fraction the instant holds and no trailing zeros, at least one
     * fraction digit as Python writes a float: {@code 1733321234.512}, {@code 1733321234.0}.
     */
    static String epochSeconds(Instant time) {
        long seconds = time.getEpochSecond();
        int nanos = time.getNano();
        StringBuilder text = new StringBuilder(24);
        if (seconds < 0 && nanos > 0) {
            // Instant counts nanos forward from a negative second: -2 s + 0.5 s is -1.5 s.
            text.append('-').append(-(seconds + 1));
            nanos = 1_000_000_000 - nanos;
        } else {
            text.append(seconds);
        }
        text.append('.');
        if (nanos == 0) {
            return text.append('0').toString();
        }
        String digits = Integer.toString(nanos);
        text.repeat('0', 9 - digits.length());
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return text.append(digits, 0, end).toString();
    }

    private static void writeValue(Object value, JsonGenerator out) throws IOException {
        switch (value) {
            case null -> out.writeNull();
            case String text -> out.writeString(text);
            case Boolean bool -> out.writeBoolean(bool);
            case Integer number -> out.writeNumber(number);
            case Long number -> out.writeNumber(number);
            case Short number -> out.writeNumber(number);
            case Byte number -> out.writeNumber(number);
            case Double number -> out.writeNumber(number);
            case Float number -> out.writeNumber(number);
            case BigDecimal number -> out.writeNumber(number);
            case BigInteger number -> out.writeNumber(number);
            case Number number -> out.writeNumber(new BigDecimal(number.toString()));
            case Map<?, ?> object -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : object.entrySet()) {
                    out.writeFieldName((String) entry.getKey());
                    writeValue(entry.getValue(), out);
                }
                out.writeEndObject();
            }
            case List<?> array -> {
                out.writeStartArray();
                for (Object item : array) {
                    writeValue(item, out);
                }
                out.writeEndArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    /**
     * Reads a jobs.json file: every record that can be represented as a job, and the keys and
     * reasons of those that cannot. Fills in what the original's loader filled in for missing keys:
     * type {@code "unknown"}, status {@code "pending"}, params {@code {}}, {@code created_at} now,
     * the map key as the id. Ignores keys it does not know.
     *
     * <p>Each record is read as a stream of tokens straight into the values its job holds
     * ({@link RecordFields}), not as a JSON tree first: a start-up with a large store spends most of
     * its time here, and the trees were most of that time and of the garbage. The outcome is the
     * same as reading a tree per record: the same jobs, the same rejected records with the same
     * reasons, the same files refused.
     *
     * @throws UnusableFileException if the file is empty, not JSON, not a JSON object, or cannot be read
     */
    static Contents read(InputStream in, Clock clock) throws UnusableFileException {
        List<Job> jobs = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<JobId> seen = new HashSet<>();
        Repeats repeats = new Repeats();
        try (JsonParser parser = FILE_TREES.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new UnusableFileException("is empty", null);
            }
            if (first != JsonToken.START_OBJECT) {
                throw new UnusableFileException("does not hold a JSON object keyed by job id (it starts with "
                        + first.asString() + ")", null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    rejected.add(new Rejected(key, "not a JSON object"));
                    continue;
                }
                RecordFields record = RecordFields.read(parser, repeats);
                try {
                    Job job = readJob(key, record, clock);
                    if (!seen.add(job.id())) {
                        throw new BadRecordException("a second record with id " + job.id());
                    }
                    jobs.add(job);
                } catch (BadRecordException e) {
                    rejected.add(new Rejected(key, e.getMessage()));
                }
            }
            if (parser.nextToken() != null) {
                throw new UnusableFileException("is not valid JSON (more content after the top-level object at "
                        + where(parser) + ")", null);
            }
        } catch (JsonProcessingException e) {
            String problem = SOURCE_REFERENCE.matcher(e.getOriginalMessage()).replaceAll("$1").replace('\n', ' ');
            throw new UnusableFileException("is not valid JSON (" + problem + (e.getLocation() != null
                    ? " at " + where(e.getLocation().getLineNr(), e.getLocation().getColumnNr()) : "") + ")", e);
        } catch (IOException e) {
            throw new UnusableFileException("could not be read (" + e + ")", e);
        } catch (NumberFormatException | ArithmeticException e) {
            // A number no type holds (1e9999999999): Jackson gives up inside the record, so the
            // rest of the file cannot be read past it; the file is set aside as a whole.
            throw new UnusableFileException("holds a number that cannot be read (" + e.getMessage() + ")", e);
        }
        return new Contents(jobs, rejected);
    }

    private static String where(JsonParser parser) {
        return where(parser.currentLocation().getLineNr(), parser.currentLocation().getColumnNr());
    }

    private static String where(int line, int column) {
        return "line " + line + ", column " + column;
    }

    private static Job readJob(String key, RecordFields record, Clock clock) throws BadRecordException {
        String id = record.id != null ? valid(record.id, String.class) : key;
        if (!id.startsWith(JobId.PREFIX)) {
            throw new BadRecordException("id \"" + id + "\" does not start with \"" + JobId.PREFIX + "\"");
        }
        JobId jobId;
        try {
            jobId = new JobId(id);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException("id \"" + id + "\" is not a valid job id: " + e.getMessage());
        }
        String statusName = record.status != null ? valid(record.status, String.class) : JobStatus.PENDING.wireName();
        JobStatus status = JobStatus.fromWireName(statusName).orElseThrow(
                () -> new BadRecordException("unknown status \"" + statusName + "\""));
        @SuppressWarnings("unchecked")
        Map<String, Object> params = valid(record.params, Map.class);
        Instant createdAt = valid(record.createdAt, Instant.class);
        String type = valid(record.type, String.class);
        try {
            // The remaining parts are checked in the order of the job's components, as before.
            return new Job(
                    jobId,
                    type != null ? type : "unknown",
                    params != null ? params : Map.of(),
                    status,
                    valid(record.message, String.class),
                    valid(record.progress, Progress.class),
                    validObject(record.result),
                    valid(record.error, String.class),
                    Boolean.TRUE.equals(valid(record.cancelRequested, Boolean.class)),
                    createdAt != null ? createdAt : clock.instant(),
                    valid(record.startedAt, Instant.class),
                    valid(record.finishedAt, Instant.class));
        } catch (IllegalArgumentException e) {
            // The domain refuses it for a reason of its own.
            throw new BadRecordException(e.getMessage());
        }
    }

    /** Why a field read by {@link RecordFields} cannot be used: the reason a rejected record is reported with. */
    private record Bad(String reason) {
    }

    /**
     * The value {@code field} holds: null when the record does not have it or has JSON null.
     *
     * @throws BadRecordException if the field is a {@link Bad}
     */
    private static <T> T valid(Object field, Class<T> type) throws BadRecordException {
        if (field instanceof Bad bad) {
            throw new BadRecordException(bad.reason());
        }
        return type.cast(field);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> validObject(Object field) throws BadRecordException {
        return valid(field, Map.class);
    }

    /**
     * The keys of one record that make a job, read from the stream before any of them is checked.
     * Each holds what the job will get ({@code null} when the key is missing or JSON null) or a
     * {@link Bad} saying why it cannot be used, so that {@link #readJob} checks them in one fixed
     * order whatever order the file has them in, and a record with several faults is reported for
     * the same fault as ever. Read as a JSON tree would read them:
     * <ul>
     *   <li>a key given twice keeps its last value (and, inside params and result, its first place);</li>
     *   <li>numbers in params and result become Integer, Long or BigInteger as their digits need,
     *       and Double when they have a fraction or exponent ({@link #plainValue});</li>
     *   <li>times keep every digit ({@link #readTime}); progress counts are cut to whole units;</li>
     *   <li>unknown keys, and values of the wrong kind, are read as trees and dropped, so that the
     *       parser checks (and limits) them exactly as far as it did when the whole record was a
     *       tree.</li>
     * </ul>
     */
    private static final class RecordFields {
        Object id;
        Object type;
        Object params;
        Object status;
        Object message;
        Object progress;
        Object result;
        Object error;
        Object cancelRequested;
        Object createdAt;
        Object startedAt;
        Object finishedAt;

        /** Reads the record whose START_OBJECT is the parser's current token, up to its END_OBJECT. */
        static RecordFields read(JsonParser parser, Repeats repeats) throws IOException {
            RecordFields record = new RecordFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> record.id = readText(parser, value, name);
                    case "type" -> record.type = repeats.readText(parser, value, name);
                    case "params" -> record.params = readObject(parser, value, name);
                    case "status" -> record.status = readText(parser, value, name);
                    case "message" -> record.message = repeats.readText(parser, value, name);
                    case "progress" -> record.progress = readProgress(parser, value);
                    case "result" -> record.result = readObject(parser, value, name);
                    case "error" -> record.error = repeats.readText(parser, value, name);
                    case "cancel_requested" -> record.cancelRequested = readFlag(parser, value, name);
                    case "created_at" -> record.createdAt = readTime(parser, value, name);
                    case "started_at" -> record.startedAt = readTime(parser, value, name);
                    case "finished_at" -> record.finishedAt = readTime(parser, value, name);
                    default -> FILE_TREES.readTree(parser);
                }
            }
            return record;
        }
    }

    /**
     * The strings that many records of a file share (a type, "Completed", an error), kept once:
     * 100,000 jobs of a few types then hold a few Strings, not 200,000, which is less to copy
     * for the collector while loading and less memory for as long as the jobs are kept. Holds
     * at most {@link #LIMIT} distinct values, so that a file of unique messages costs little.
     */
    private static final class Repeats {
        private static final int LIMIT = 1024;
        private final Map<String, String> kept = new HashMap<>();

        /** As {@link JobsJson#readText}, with a string seen before given as the String kept for it. */
        Object readText(JsonParser parser, JsonToken token, String field) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                return JobsJson.readText(parser, token, field);
            }
            String value = parser.getText();
            String before = kept.get(value);
            if (before != null) {
                return before;
            }
            if (kept.size() < LIMIT) {
                kept.put(value, value);
            }
            return value;
        }
    }

    private static Object readText(JsonParser parser, JsonToken token, String field) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            default -> {
                FILE_TREES.readTree(parser);
                yield new Bad(field + " is not a string");
            }
        };
    }

    private static Object readFlag(JsonParser parser, JsonToken token, String field) throws IOException {
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> {
                FILE_TREES.readTree(parser);
                yield new Bad(field + " is not true or false");
            }
        };
    }

    private static Object readObject(JsonParser parser, JsonToken token, String field) throws IOException {
        return switch (token) {
            case START_OBJECT -> plainObject(parser);
            case VALUE_NULL -> null;
            default -> {
                FILE_TREES.readTree(parser);
                yield new Bad(field + " is not a JSON object");
            }
        };
    }

    /** Progress as {@link #progress(JsonNode)} reads it: completed, total and detail checked in that order. */
    private static Object readProgress(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            FILE_TREES.readTree(parser);
            return new Bad("progress is not a JSON object");
        }
        Object completed = null;
        Object total = null;
        Object detail = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "completed" -> completed = readCount(parser, value, name);
                case "total" -> total = readCount(parser, value, name);
                case "detail" -> detail = readText(parser, value, name);
                default -> FILE_TREES.readTree(parser);
            }
        }
        try {
            return new Progress(valid(completed, Long.class), valid(total, Long.class), valid(detail, String.class));
        } catch (BadRecordException e) {
            return new Bad(e.getMessage());
        }
    }

    /** A whole count as it is; anything else (a fraction, a huge number, not a number) by {@link #count}'s rules. */
    private static Object readCount(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType size = parser.getNumberType();
            if (size == JsonParser.NumberType.INT || size == JsonParser.NumberType.LONG) {
                return parser.getLongValue();
            }
        }
        try {
            return count(field, FILE_TREES.readTree(parser));
        } catch (BadRecordException e) {
            return new Bad(e.getMessage());
        }
    }

    /**
     * A time: a plain decimal with at most 16 whole and 9 fraction digits (every time a registry
     * writes, {@code 1733321234.5301635}, {@code -1.5}) is turned into an instant digit by digit,
     * exactly and without a BigDecimal; any other number (an exponent, more digits, NaN) takes the
     * exact decimal path of {@link #time}, as does anything that is not a number.
     */
    private static Object readTime(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            Instant plain = plainEpochSeconds(parser.getTextCharacters(), parser.getTextOffset(),
                    parser.getTextLength());
            if (plain != null) {
                return plain;
            }
        }
        try {
            return time(field, FILE_TREES.readTree(parser));
        } catch (BadRecordException e) {
            return new Bad(e.getMessage());
        }
    }

    /** Digits a plain time may have before its point; 16 digits of seconds are well inside the range of Instant. */
    private static final int PLAIN_WHOLE_DIGITS = 16;

    /** Digits a plain time may have after its point: down to the nanosecond, so nothing needs rounding. */
    private static final int PLAIN_FRACTION_DIGITS = 9;

    /**
     * The instant {@code text[start, start + length)} means as epoch seconds, when it is a plain
     * decimal: an optional minus, 1 to 16 digits, and optionally a point and 1 to 9 digits. Null
     * for any other text, which {@link #time} then reads as an exact decimal. For such text the two
     * give the same instant: the digits are exact, and a negative time counts its nanoseconds
     * forward from the second below it ({@code -1.25} is second -2 plus 750,000,000 ns), as
     * flooring the decimal does.
     */
    static Instant plainEpochSeconds(char[] text, int start, int length) {
        int end = start + length;
        int at = start;
        boolean negative = at < end && text[at] == '-';
        if (negative) {
            at++;
        }
        long seconds = 0;
        int wholeStart = at;
        while (at < end && text[at] >= '0' && text[at] <= '9') {
            seconds = seconds * 10 + (text[at++] - '0');
        }
        int wholeDigits = at - wholeStart;
        if (wholeDigits == 0 || wholeDigits > PLAIN_WHOLE_DIGITS) {
            return null;
        }
        long nanos = 0;
        if (at < end) {
            if (text[at++] != '.') {
                return null;
            }
            int fractionStart = at;
            while (at < end && text[at] >= '0' && text[at] <= '9') {
                nanos = nanos * 10 + (text[at++] - '0');
            }
            int fractionDigits = at - fractionStart;
            if (at < end || fractionDigits == 0 || fractionDigits > PLAIN_FRACTION_DIGITS) {
                return null;
            }
            for (int digit = fractionDigits; digit < PLAIN_FRACTION_DIGITS; digit++) {
                nanos *= 10;
            }
        }
        if (!negative) {
            return Instant.ofEpochSecond(seconds, nanos);
        }
        return nanos == 0 ? Instant.ofEpochSecond(-seconds) : Instant.ofEpochSecond(-seconds - 1, NANOS - nanos);
    }

    private static final long NANOS = 1_000_000_000L;

    /** A JSON object read from the stream as {@link #plain} makes it of a tree. */
    private static Map<String, Object> plainObject(JsonParser parser) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            object.put(name, plainValue(parser, parser.nextToken()));
        }
        return object;
    }

    /**
     * The value whose first token is {@code token}, as {@link #plain} makes it of a tree read with
     * exact decimals: Integer, Long or BigInteger as the digits need; for a fraction or an exponent,
     * the Double nearest the exact decimal, through the same calls the tree made (so that
     * {@code -0.0} is 0 and a number the decimal cannot hold fails as it did). Rare in params and
     * results, so not worth a path of its own.
     */
    private static Object plainValue(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> plainObject(parser);
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    array.add(plainValue(parser, item));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> Integer.valueOf(parser.getIntValue());
                case LONG -> Long.valueOf(parser.getLongValue());
                default -> parser.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> Double.valueOf(parser.isNaN() ? parser.getDoubleValue()
                    : parser.getDecimalValue().doubleValue());
            default -> throw new IllegalStateException("a JSON value does not start with " + token);
        };
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String text(JsonNode record, String field, String whenAbsent) throws BadRecordException {
        JsonNode node = record.get(field);
        if (absent(node)) {
            return whenAbsent;
        }
        if (!node.isTextual()) {
            throw new BadRecordException(field + " is not a string");
        }
        return node.textValue();
    }

    /** A JSON tree as the plain Java values {@link dev.jobregistry.domain.JsonValues} holds. */
    private static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    object.put(entry.getKey(), plain(entry.getValue()));
                }
                yield object;
            }
            case ARRAY -> {
                List<Object> array = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    array.add(plain(item));
                }
                yield array;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NULL -> null;
            // Integer, Long or BigInteger as the text needs; a fraction or exponent makes a Double.
            case NUMBER -> node.isIntegralNumber() ? node.numberValue() : (Object) node.doubleValue();
            case BINARY, POJO, MISSING -> throw new IllegalArgumentException(
                    "a parsed JSON tree holds no " + node.getNodeType() + " node");
        };
    }

    /** A time as an exact decimal of epoch seconds, rounded to the nanosecond half-even. */
    private static Instant time(String field, JsonNode node) throws BadRecordException {
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new BadRecordException(field + " is not a number of epoch seconds");
        }
        BigDecimal seconds = node.decimalValue();
        try {
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).multiply(NANOS_PER_SECOND)
                    .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            return Instant.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (ArithmeticException | DateTimeException e) {
            throw new BadRecordException(field + " " + seconds.toPlainString() + " is out of range");
        }
    }

    private static Progress progress(JsonNode node) throws BadRecordException {
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw new BadRecordException("progress is not a JSON object");
        }
        return new Progress(count(node, "completed"), count(node, "total"), text(node, "detail", null));
    }

    /** A progress count; a fraction (the original allowed floats) is cut off, as progress shows whole units. */
    private static Long count(JsonNode progress, String field) throws BadRecordException {
        return count(field, progress.get(field));
    }

    private static Long count(String field, JsonNode node) throws BadRecordException {
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new BadRecordException("progress." + field + " is not a number");
        }
        try {
            return node.decimalValue().setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new BadRecordException("progress." + field + " " + node.asText() + " is out of range");
        }
    }
}
