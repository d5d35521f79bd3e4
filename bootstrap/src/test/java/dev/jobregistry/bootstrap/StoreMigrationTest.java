package dev.jobregistry.bootstrap;

import dev.jobregistry.application.port.out.JobStore;
import dev.jobregistry.application.testing.SettableClock;
import dev.jobregistry.bootstrap.RegistryConfig.StoreKind;
import dev.jobregistry.domain.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jobregistry.application.port.out.JobStoreContract.T0;
import static dev.jobregistry.application.port.out.JobStoreContract.jobsWithEveryField;
import static dev.jobregistry.application.port.out.JobStoreContract.pending;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code job-registry migrate}: what it copies, what it refuses, and what it says. */
class StoreMigrationTest {

    /** SettableClock.atSomeMoment() in UTC, as set-aside names show it. */
    private static final String STAMP = "20241204-120000";

    private final Clock clock = SettableClock.atSomeMoment();

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int migrate(String... args) {
        return StoreMigration.run(List.of(args), Map.of("HOME", home.toString()), clock,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String said() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String complained() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JobStore open(StoreKind kind, Path file) {
        return Registry.openStore(kind, file, clock);
    }

    private void fill(StoreKind kind, Path file, List<Job> jobs) {
        try (JobStore store = open(kind, file)) {
            jobs.forEach(store::insert);
        }
    }

    private List<Job> contents(StoreKind kind, Path file) {
        try (JobStore store = open(kind, file)) {
            return store.list();
        }
    }

    @Test
    void every_job_is_copied_field_for_field_from_json_to_sqlite_and_back() {
        Path json = home.resolve("a/jobs.json");
        Path sqlite = home.resolve("b/jobs.db");
        Path back = home.resolve("c/jobs.json");
        List<Job> jobs = jobsWithEveryField();
        fill(StoreKind.JSON, json, jobs);

        assertThat(migrate("--from", "json:" + json, "--to", "sqlite:" + sqlite)).as(complained()).isZero();
        assertThat(migrate("--from", "sqlite:" + sqlite, "--to", "json:" + back)).as(complained()).isZero();

        List<Job> expected = contents(StoreKind.JSON, json);
        assertThat(expected).containsExactlyInAnyOrderElementsOf(jobs);
        assertThat(contents(StoreKind.SQLITE, sqlite)).isEqualTo(expected);
        assertThat(contents(StoreKind.JSON, back)).isEqualTo(expected);
        assertThat(said()).contains("Copied " + jobs.size() + " job(s) from json:" + json + " to sqlite:" + sqlite,
                "Copied " + jobs.size() + " job(s) from sqlite:" + sqlite + " to json:" + back);
    }

    @Test
    void unfinished_jobs_are_copied_as_they_are_without_being_marked_interrupted() {
        Path json = home.resolve("jobs.json");
        Path sqlite = home.resolve("jobs.db");
        Job pending = pending("job-waiting", T0);
        fill(StoreKind.JSON, json, List.of(pending));

        assertThat(migrate("--from", "json:" + json, "--to", "sqlite:" + sqlite)).isZero();

        assertThat(contents(StoreKind.SQLITE, sqlite)).containsExactly(pending);
    }

    @Test
    void without_a_file_each_kind_means_its_default_file() {
        Path json = home.resolve(".cache/termux_extensions/jobs.json");
        fill(StoreKind.JSON, json, List.of(pending("job-a", T0)));

        assertThat(migrate("--from", "json", "--to", "sqlite")).as(complained()).isZero();

        assertThat(contents(StoreKind.SQLITE, home.resolve(".cache/termux_extensions/jobs.db")))
                .extracting(job -> job.id().value()).containsExactly("job-a");
    }

    @Test
    void a_target_that_holds_jobs_is_refused_and_left_unchanged() {
        Path json = home.resolve("jobs.json");
        Path sqlite = home.resolve("jobs.db");
        fill(StoreKind.JSON, json, List.of(pending("job-new", T0)));
        fill(StoreKind.SQLITE, sqlite, List.of(pending("job-old", T0)));

        assertThat(migrate("--from", "json:" + json, "--to", "sqlite:" + sqlite)).isEqualTo(2);

        assertThat(complained()).contains("already holds 1 job(s)", "--force").doesNotContain("Exception");
        assertThat(said()).isEmpty();
        assertThat(contents(StoreKind.SQLITE, sqlite)).extracting(job -> job.id().value()).containsExactly("job-old");
    }

    @Test
    void with_force_the_target_is_moved_aside_first_and_then_replaced() {
        Path json = home.resolve("jobs.json");
        Path sqlite = home.resolve("jobs.db");
        fill(StoreKind.JSON, json, List.of(pending("job-new", T0)));
        fill(StoreKind.SQLITE, sqlite, List.of(pending("job-old", T0)));

        assertThat(migrate("--from", "json:" + json, "--to", "sqlite:" + sqlite, "--force")).as(complained()).isZero();

        Path aside = home.resolve("jobs.db.replaced-" + STAMP);
        assertThat(contents(StoreKind.SQLITE, sqlite)).extracting(job -> job.id().value()).containsExactly("job-new");
        assertThat(contents(StoreKind.SQLITE, aside)).extracting(job -> job.id().value()).containsExactly("job-old");
        assertThat(said()).contains(aside.toString(), "Copied 1 job(s)");
    }

    @Test
    void an_empty_target_needs_no_force() {
        Path json = home.resolve("jobs.json");
        Path sqlite = home.resolve("jobs.db");
        fill(StoreKind.JSON, json, List.of(pending("job-a", T0)));
        fill(StoreKind.SQLITE, sqlite, List.of());

        assertThat(migrate("--from", "json:" + json, "--to", "sqlite:" + sqlite)).as(complained()).isZero();

        assertThat(contents(StoreKind.SQLITE, sqlite)).hasSize(1);
        assertThat(home.resolve("jobs.db.replaced-" + STAMP)).doesNotExist();
    }

    @Test
    void the_same_file_as_source_and_target_is_refused_however_it_is_spelled() throws IOException {
        Path json = home.resolve("data/jobs.json");
        fill(StoreKind.JSON, json, List.of(pending("job-a", T0)));
        byte[] before = Files.readAllBytes(json);
        Path link = Files.createSymbolicLink(home.resolve("link"), home.resolve("data"));

        assertThat(migrate("--from", "json:" + json, "--to", "sqlite:" + home.resolve("data/../data/jobs.json")))
                .isEqualTo(2);
        assertThat(migrate("--from", "json:" + json, "--to", "json:" + link.resolve("jobs.json"), "--force"))
                .isEqualTo(2);

        assertThat(complained()).contains("the source and the target are the same file");
        assertThat(Files.readAllBytes(json)).isEqualTo(before);
    }

    @Test
    void a_source_held_by_a_running_registry_is_refused_and_names_its_pid() {
        Path json = home.resolve("jobs.json");
        fill(StoreKind.JSON, json, List.of(pending("job-a", T0)));

        try (JobStore running = open(StoreKind.JSON, json)) {
            assertThat(migrate("--from", "json:" + json, "--to", "sqlite:" + home.resolve("jobs.db"))).isEqualTo(1);
            assertThat(running.list()).hasSize(1);
        }

        assertThat(complained()).contains("cannot open the source json:" + json,
                "pid " + ProcessHandle.current().pid());
        assertThat(said()).isEmpty();
    }

    @Test
    void a_missing_source_is_refused_and_creates_nothing() {
        assertThat(migrate("--from", "sqlite:" + home.resolve("nothing/jobs.db"), "--to", "json:" + home.resolve("x.json")))
                .isEqualTo(2);

        assertThat(complained()).contains("the source sqlite:" + home.resolve("nothing/jobs.db") + " does not exist");
        assertThat(home.resolve("nothing")).doesNotExist();
        assertThat(home.resolve("x.json")).doesNotExist();
    }

    @Test
    void mistakes_in_the_command_are_refused_with_what_to_fix() {
        List<String> messages = new ArrayList<>();
        for (String[] args : List.of(
                new String[] {"--from", "json"},
                new String[] {"--from", "mongo:/x", "--to", "json"},
                new String[] {"--from", "json:", "--to", "sqlite"},
                new String[] {"--from", "json", "--to", "sqlite", "--fast"},
                new String[] {"--from"})) {
            err.reset();
            assertThat(migrate(args)).as(String.join(" ", args)).isEqualTo(2);
            messages.add(complained());
        }

        assertThat(messages).satisfiesExactly(
                m -> assertThat(m).contains("needs both --from and --to"),
                m -> assertThat(m).contains("--from must be json or sqlite", "mongo:/x"),
                m -> assertThat(m).contains("names no file"),
                m -> assertThat(m).contains("unexpected argument \"--fast\""),
                m -> assertThat(m).contains("--from needs a value"));
    }

    @Test
    void help_says_how_to_use_it() {
        assertThat(migrate("--help")).isZero();

        assertThat(said()).contains("job-registry migrate --from KIND[:FILE] --to KIND[:FILE] [--force]");
    }
}
