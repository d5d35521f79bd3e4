package dev.jobregistry.adapter.out.persistence;

import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.domain.Job;
import dev.jobregistry.domain.JobStatus;
import dev.jobregistry.domain.Progress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading jobs.json record by record as the file's rules say, whatever order and shape the keys
 * come in: times to the nanosecond, numbers as the digits need, the same reason for a record
 * with several faults. {@link JobsJsonFormatTest} covers the files the original wrote.
 */
class JobsJsonReadTest {

    private final SettableClock clock = SettableClock.atSomeMoment();

    @Test
    void times_keep_every_digit_up_to_the_nanosecond_also_before_1970() throws Exception {
        Map<String, Instant> times = new LinkedHashMap<>();
        times.put("1733321234.5301635", Instant.ofEpochSecond(1733321234, 530_163_500));
        times.put("1733321234.123456789", Instant.ofEpochSecond(1733321234, 123_456_789));
        times.put("1733321234.000000001", Instant.ofEpochSecond(1733321234, 1));
        times.put("1733321234.0", Instant.ofEpochSecond(1733321234));
        times.put("1733321234", Instant.ofEpochSecond(1733321234));
        times.put("0.0", Instant.EPOCH);
        times.put("-0.0", Instant.EPOCH);
        times.put("-0.5", Instant.ofEpochSecond(-1, 500_000_000));
        times.put("-1.25", Instant.ofEpochSecond(-2, 750_000_000));
        times.put("-1.999999999", Instant.ofEpochSecond(-2, 1));
        times.put("-3", Instant.ofEpochSecond(-3));
        times.put("-86400.0000001", Instant.ofEpochSecond(-86401, 999_999_900));
        // More than nine fraction digits: rounded half-even to the nanosecond.
        times.put("1.0000000005", Instant.ofEpochSecond(1, 0));
        times.put("1.0000000015", Instant.ofEpochSecond(1, 2));
        times.put("1.00000000151", Instant.ofEpochSecond(1, 2));
        times.put("-1.0000000005", Instant.ofEpochSecond(-1));
        times.put("-1.0000000015", Instant.ofEpochSecond(-2, 999_999_998));
        times.put("1.9999999999", Instant.ofEpochSecond(2, 0));
        // Exponents, and whole numbers too long for the digit-by-digit path.
        times.put("1.7333212345E9", Instant.ofEpochSecond(1733321234, 500_000_000));
        times.put("17333212345e-1", Instant.ofEpochSecond(1733321234, 500_000_000));
        times.put("-2.5e0", Instant.ofEpochSecond(-3, 500_000_000));
        times.put("9999999999999999.5", Instant.ofEpochSecond(9999999999999999L, 500_000_000));
        times.put("10000000000000000.25", Instant.ofEpochSecond(10000000000000000L, 250_000_000));
        times.put("31556889864403199.999999999", Instant.MAX);
        times.put("-31557014167219200", Instant.MIN);

        for (Map.Entry<String, Instant> time : times.entrySet()) {
            Job job = readOne("{\"job-1\": {\"created_at\": " + time.getKey() + ", \"started_at\": " + time.getKey()
                    + ", \"finished_at\": " + time.getKey() + ", \"status\": \"succeeded\"}}");
            assertThat(List.of(job.createdAt(), job.startedAt(), job.finishedAt())).as(time.getKey())
                    .containsOnly(time.getValue());
        }
    }

    @Test
    void times_written_by_python_read_as_their_exact_decimal_value() throws Exception {
        // Random times in the forms json.dumps writes a float (repr): up to 17 significant digits.
        Random random = new Random(20261204);
        StringBuilder file = new StringBuilder("{");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int fraction = random.nextInt(10);
            long whole = switch (random.nextInt(3)) {
                case 0 -> 1_600_000_000L + random.nextInt(400_000_000);
                case 1 -> -random.nextInt(2_000_000_000);
                default -> random.nextLong() % 10_000_000_000_000_000L;
            };
            String text = (whole == 0 && random.nextBoolean() ? "-" : "") + whole
                    + (fraction == 0 ? "" : "." + String.format("%0" + fraction + "d",
                    Math.floorMod(random.nextLong(), (long) Math.pow(10, fraction))));
            texts.add(text);
            file.append(i == 0 ? "" : ",").append("\"job-").append(i).append("\": {\"created_at\": ").append(text)
                    .append('}');
        }
        List<Job> jobs = read(file.append('}').toString()).jobs();

        assertThat(jobs).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(jobs.get(i).createdAt()).as(texts.get(i)).isEqualTo(exactly(texts.get(i)));
        }
    }

    @Test
    void times_outside_what_an_instant_holds_or_not_numbers_reject_their_record() throws Exception {
        JobsJson.Contents contents = read("""
                {
                  "job-far": {"created_at": 31556889864403200},
                  "job-early": {"started_at": -31557014167219201.5},
                  "job-exponent": {"finished_at": 1e20},
                  "job-text": {"created_at": "1733321234.5"},
                  "job-flag": {"started_at": true},
                  "job-object": {"finished_at": {"seconds": 1}},
                  "job-infinite": {"created_at": -Infinity},
                  "job-huge": {"created_at": 1e400}
                }""");

        assertThat(contents.jobs()).isEmpty();
        assertThat(contents.rejected()).extracting(Object::toString).containsExactly(
                "job-far (created_at 31556889864403200 is out of range)",
                "job-early (started_at -31557014167219201.5 is out of range)",
                "job-exponent (finished_at 100000000000000000000 is out of range)",
                "job-text (created_at is not a number of epoch seconds)",
                "job-flag (started_at is not a number of epoch seconds)",
                "job-object (finished_at is not a number of epoch seconds)",
                "job-infinite (created_at is not a number of epoch seconds)",
                "job-huge (created_at is not a number of epoch seconds)");
    }

    @Test
    void the_digit_by_digit_path_takes_only_plain_decimals_it_can_hold_exactly() {
        assertThat(plain("1733321234.5301635")).isEqualTo(Instant.ofEpochSecond(1733321234, 530_163_500));
        assertThat(plain("-0.25")).isEqualTo(Instant.ofEpochSecond(-1, 750_000_000));
        assertThat(plain("9999999999999999.999999999")).isEqualTo(Instant.ofEpochSecond(9999999999999999L, 999_999_999));
        for (String other : List.of("", "-", ".5", "1.", "1.5e3", "1E3", "1.0000000001", "10000000000000000", "NaN",
                "-Infinity", "1..5", "--1", "1.5.")) {
            assertThat(plain(other)).as(other).isNull();
        }
    }

    @Test
    void numbers_in_params_and_results_are_integer_long_big_integer_or_double_as_their_digits_need() throws Exception {
        Job job = readOne("""
                {"job-1": {"params": {"int": 2147483647, "long": 2147483648, "big": 9223372036854775808,
                                      "negative": -9223372036854775809, "fraction": 2.5, "exponent": 1e3,
                                      "zero": -0.0, "tiny": 1e-400, "long_fraction": 0.1000000000000000055511151231257827,
                                      "nan": NaN},
                           "result": {"items": [1, 2.0, [3, {"x": null}], true, "four"]}}}""");

        Map<String, Object> params = job.params();
        assertThat(params.get("int")).isEqualTo(Integer.MAX_VALUE);
        assertThat(params.get("long")).isEqualTo(2147483648L);
        assertThat(params.get("big")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(params.get("negative")).isEqualTo(new BigInteger("-9223372036854775809"));
        assertThat(params.get("fraction")).isEqualTo(2.5);
        assertThat(params.get("exponent")).isEqualTo(1000.0);
        assertThat(params.get("zero")).as("the decimal -0.0 is zero, written back as 0.0").isEqualTo(0.0);
        assertThat(params.get("tiny")).isEqualTo(0.0);
        assertThat(params.get("long_fraction")).isEqualTo(0.1);
        assertThat(params.get("nan")).isEqualTo(Double.NaN);
        List<Object> nested = new ArrayList<>();
        nested.add(3);
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("x", null);
        nested.add(x);
        assertThat(job.result()).isEqualTo(Map.of("items", List.of(1, 2.0, nested, true, "four")));
    }

    @Test
    void a_key_given_twice_keeps_its_last_value_and_in_params_its_first_place() throws Exception {
        Job job = readOne("""
                {"job-1": {"status": "pending", "params": {"a": 1, "b": 2, "a": 3}, "status": "running",
                           "progress": {"completed": 1, "completed": 2}, "message": "first", "message": null}}""");

        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(List.copyOf(job.params().keySet())).containsExactly("a", "b");
        assertThat(job.params()).isEqualTo(Map.of("a", 3, "b", 2));
        assertThat(job.progress()).isEqualTo(new Progress(2L, null, null));
        assertThat(job.message()).isNull();
    }

    @Test
    void a_record_with_several_faults_is_rejected_for_the_same_one_whatever_the_order_of_its_keys() throws Exception {
        // Checked in the order: id, status, params, created_at, type, message, progress, result, error,
        // cancel_requested, started_at, finished_at.
        List<String> faults = List.of("\"finished_at\": \"late\"", "\"started_at\": []", "\"cancel_requested\": 1",
                "\"error\": 2", "\"result\": 3", "\"progress\": {\"total\": \"x\"}", "\"message\": 4",
                "\"type\": 5", "\"created_at\": \"now\"", "\"params\": 6", "\"status\": 7");
        List<String> reasons = List.of("finished_at is not a number of epoch seconds",
                "started_at is not a number of epoch seconds", "cancel_requested is not true or false",
                "error is not a string", "result is not a JSON object", "progress.total is not a number",
                "message is not a string", "type is not a string", "created_at is not a number of epoch seconds",
                "params is not a JSON object", "status is not a string");

        for (int first = 0; first < faults.size(); first++) {
            List<String> present = faults.subList(0, first + 1);
            String expected = "job-1 (" + reasons.get(first) + ")";
            assertThat(rejectedFor(String.join(", ", present))).as(present.toString()).isEqualTo(expected);
            assertThat(rejectedFor(String.join(", ", present.reversed()))).as(present.reversed().toString())
                    .isEqualTo(expected);
        }
        assertThat(rejectedFor("\"status\": 7, \"id\": 8")).isEqualTo("job-1 (id is not a string)");
    }

    @Test
    void progress_counts_and_unknown_keys_follow_the_files_rules() throws Exception {
        JobsJson.Contents contents = read("""
                {
                  "job-a": {"status": "running", "progress": {"completed": 3.99, "total": 1e2, "unit": {"deep": [1]}},
                            "later": {"version": [1, 2, {"x": NaN}]}},
                  "job-b": {"progress": {"completed": 9223372036854775808}},
                  "job-c": {"progress": {"total": 1e19}},
                  "job-d": {"progress": {"detail": 5}},
                  "job-e": {"progress": [1]},
                  "job-f": {"progress": {"completed": -9223372036854775808, "total": null, "detail": "x"}}
                }""");

        assertThat(contents.jobs()).extracting(Job::progress).containsExactly(
                new Progress(3L, 100L, null), new Progress(Long.MIN_VALUE, null, "x"));
        assertThat(contents.rejected()).extracting(Object::toString).containsExactly(
                "job-b (progress.completed 9223372036854775808 is out of range)",
                "job-c (progress.total 1E+19 is out of range)",
                "job-d (detail is not a string)",
                "job-e (progress is not a JSON object)");
    }

    @Test
    void a_syntax_error_in_a_key_nobody_reads_still_makes_the_file_unusable() {
        assertThatThrownBy(() -> read("{\"job-1\": {\"extra\": [1, 2,, 3]}}"))
                .isInstanceOf(JobsJson.UnusableFileException.class)
                .hasMessage("is not valid JSON (Unexpected character (',' (code 44)): expected a value"
                        + " at line 1, column 27)");
    }

    @Test
    void types_and_messages_that_repeat_from_record_to_record_read_as_they_are() throws Exception {
        List<Job> jobs = read("""
                {"job-1": {"type": "noop", "message": "Completed"}, "job-2": {"type": "noop", "message": "Completed"},
                 "job-3": {"type": "other", "message": "Completed later"}}""").jobs();

        assertThat(jobs).extracting(Job::type).containsExactly("noop", "noop", "other");
        assertThat(jobs).extracting(Job::message).containsExactly("Completed", "Completed", "Completed later");
    }

    /** The instant a decimal of epoch seconds is, rounded half-even to the nanosecond: the file's rule. */
    private static Instant exactly(String seconds) {
        BigDecimal value = new BigDecimal(seconds);
        BigDecimal whole = value.setScale(0, RoundingMode.FLOOR);
        long nanos = value.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static Instant plain(String text) {
        char[] padded = ("xx" + text + "yy").toCharArray();
        return JobsJson.plainEpochSeconds(padded, 2, text.length());
    }

    private String rejectedFor(String fields) throws JobsJson.UnusableFileException {
        JobsJson.Contents contents = read("{\"job-1\": {" + fields + "}}");
        assertThat(contents.jobs()).isEmpty();
        return contents.rejected().getFirst().toString();
    }

    private Job readOne(String json) throws JobsJson.UnusableFileException {
        JobsJson.Contents contents = read(json);
        assertThat(contents.rejected()).isEmpty();
        return contents.jobs().getFirst();
    }

    @Test
    void a_number_too_large_for_any_type_rejects_its_record_or_makes_the_file_unusable_but_never_throws_else() {
        for (String value : List.of("1e9999999999", "-1e9999999999", "1e-9999999999")) {
            for (String field : List.of("\"created_at\": " + value, "\"params\": {\"n\": " + value + "}",
                    "\"progress\": {\"completed\": " + value + "}")) {
                String json = "{\"job-1\": {\"id\": \"job-1\", \"type\": \"noop\", \"status\": \"succeeded\", "
                        + "\"created_at\": 1733321234.5, " + field + "}, "
                        + "\"job-2\": {\"id\": \"job-2\", \"type\": \"noop\", \"status\": \"succeeded\", "
                        + "\"created_at\": 1733321235.5}}";
                try {
                    JobsJson.Contents contents = read(json);
                    assertThat(contents.jobs()).as(field).extracting(job -> job.id().value()).contains("job-2");
                } catch (JobsJson.UnusableFileException unusable) {
                    assertThat(unusable.getMessage()).as(field).contains("number");
                }
            }
        }
    }

    private JobsJson.Contents read(String json) throws JobsJson.UnusableFileException {
        return JobsJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), clock);
    }
}
