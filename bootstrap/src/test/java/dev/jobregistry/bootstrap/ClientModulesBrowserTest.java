package dev.jobregistry.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jobs_client.js} and {@code te_ui.js} in a real browser: the seed's two examples run
 * verbatim, the client's calls and its event stream, and the notification API.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientModulesBrowserTest extends BrowserTestBase {

    /** The seed's first example, word for word (job-registry-overview.md, "Frontend Helper"). */
    private static final String SEED_POLLER_EXAMPLE = """
            import { createJobPoller } from '/static/js/jobs_client.js';

            const poller = createJobPoller({
              interval: 2000,
              onUpdate: (jobs) => console.log(jobs),
            });

            poller.start();
            """;

    /** The seed's second example, word for word. */
    private static final String SEED_CANCEL_DELETE_EXAMPLE = """
            import { cancelJob, deleteJob } from '/static/js/jobs_client.js';
            await cancelJob('job-1234');
            await deleteJob('job-1234');
            """;

    @BeforeAll
    static void startRegistryAndBrowser() throws Exception {
        start("--max-running", "1");
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        cancelEverything();
    }

    /**
     * Runs {@code code} as a module script, as a page would, on a page of this origin that has no
     * Content-Security-Policy (an API answer), so the examples' static imports run as written. The
     * page records what {@code console.log} prints, and the message of any error nobody caught (a
     * module's top-level {@code await} that rejects is reported as an error event).
     */
    private static void runModule(String code) {
        driver.get(url("/api/examples-run-here"));
        js().executeScript("""
                window.logged = [];
                window.rejections = [];
                const log = console.log.bind(console);
                console.log = (...args) => { window.logged.push(args); log(...args); };
                window.addEventListener('unhandledrejection', (event) => window.rejections.push(event.reason.message));
                window.addEventListener('error', (event) => window.rejections.push(event.error ? event.error.message : event.message));
                const script = document.createElement('script');
                script.type = 'module';
                script.textContent = arguments[0];
                document.head.append(script);
                """, code);
    }

    @Test
    void the_seed_poller_example_receives_the_job_list() throws Exception {
        String id = submit("noop", "{\"duration\": 0, \"message\": \"Seed\"}");
        awaitStatus(id, "succeeded");

        runModule(SEED_POLLER_EXAMPLE);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) waiting().until(d -> js().executeScript(
                "return window.logged.length > 0 ? window.logged[0][0] : null;"));
        assertThat(jobs).extracting(job -> job.get("id")).contains(id);
        Map<String, Object> seed = jobs.stream().filter(job -> job.get("id").equals(id)).findFirst().orElseThrow();
        assertThat(seed.get("status")).isEqualTo("succeeded");
        assertThat(seed.get("message")).isEqualTo("Seed");
    }

    @Test
    void the_seed_cancel_and_delete_example_cancels_and_deletes_a_job() throws Exception {
        String running = submit("noop", "{\"duration\": 60}");
        awaitStatus(running, "running");
        String pending = submit("noop", "{\"duration\": 60}"); // the one runner is busy: it waits

        runModule(SEED_CANCEL_DELETE_EXAMPLE.replace("job-1234", pending));

        waiting().until(d -> {
            try {
                return api("GET", "/api/jobs/" + pending, null).get("code").asText().equals("job_not_found");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat((List<?>) js().executeScript("return window.rejections;")).isEmpty();
    }

    @Test
    void the_seed_cancel_example_as_written_rejects_with_the_servers_error_text() {
        runModule(SEED_CANCEL_DELETE_EXAMPLE);

        Object rejection = waiting().until(d -> js().executeScript(
                "return window.rejections.length > 0 ? window.rejections[0] : null;"));
        assertThat(rejection).isEqualTo("Job not found: job-1234");
    }

    @Test
    void cancel_job_of_a_running_job_requests_it_and_delete_job_removes_it_once_finished() throws Exception {
        String id = submit("noop", "{\"duration\": 60}");
        awaitStatus(id, "running");
        open("/");

        Object cancelled = js().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.jobsClient.cancelJob(arguments[0]).then((job) => done(job.cancel_requested), (e) => done(e.message));
                """, id);
        assertThat(cancelled).isEqualTo(true);
        awaitStatus(id, "cancelled");

        Object deleted = js().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.jobsClient.deleteJob(arguments[0]).then((data) => done(data === null), (e) => done(e.message));
                """, id);
        assertThat(deleted).isEqualTo(true);
        assertThat(api("GET", "/api/jobs/" + id, null).get("code").asText()).isEqualTo("job_not_found");
    }

    @Test
    void a_failed_call_rejects_with_the_servers_error_sentence_and_code() {
        open("/");

        @SuppressWarnings("unchecked")
        Map<String, Object> failure = (Map<String, Object>) js().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.jobsClient.createJob('no_such_type', {}).then(
                    () => done({message: 'accepted'}),
                    (e) => done({message: e.message, code: e.code, status: e.status}));
                """);

        assertThat((String) failure.get("message")).startsWith("Unknown job type").contains("no_such_type");
        assertThat(failure.get("code")).isEqualTo("unknown_type");
        assertThat(failure.get("status")).isEqualTo(400L);
    }

    @Test
    void a_job_stream_for_one_job_gets_a_snapshot_then_progress_then_the_final_state() {
        open("/");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> updates = (List<Map<String, Object>>) js().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { createJob, createJobStream, isTerminal } = await import('/static/js/jobs_client.js');
                  const job = await createJob('noop', { duration: 1.5, message: 'Streamed' });
                  const updates = [];
                  const stream = createJobStream({
                    jobId: job.id,
                    onUpdate: (jobs, info) => {
                      updates.push({ partial: info.partial, count: jobs.length, id: jobs[0].id,
                                     status: jobs[0].status, progress: jobs[0].progress });
                      if (isTerminal(jobs[0])) {
                        stream.close();
                        done(updates);
                      }
                    },
                    onError: (error) => done([{ error: error.message }]),
                  });
                })().catch((error) => done([{ error: error.message }]));
                """);

        assertThat(updates.getFirst()).doesNotContainKey("error");
        assertThat(updates.getFirst().get("partial")).isEqualTo(false);
        assertThat(updates).allSatisfy(update -> assertThat(update.get("count")).isEqualTo(1L));
        assertThat(updates.stream().skip(1)).allSatisfy(update -> assertThat(update.get("partial")).isEqualTo(true));
        assertThat(updates).anySatisfy(update -> {
            assertThat(update.get("status")).isEqualTo("running");
            assertThat(update.get("progress")).isInstanceOfSatisfying(Map.class,
                    progress -> assertThat(((Number) progress.get("completed")).longValue()).isPositive());
        });
        Map<String, Object> last = updates.getLast();
        assertThat(last.get("status")).isEqualTo("succeeded");
        assertThat(((Map<?, ?>) last.get("progress")).get("completed")).isEqualTo(((Map<?, ?>) last.get("progress")).get("total"));
    }

    @Test
    void a_job_stream_that_cannot_open_polls_and_reports_the_servers_error() {
        open("/");

        Object error = js().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const stream = window.jobsClient.createJobStream({
                  jobId: 'job-0000000000000000',
                  onUpdate: () => done('an update arrived'),
                  onError: (e) => done({ message: e.message, polling: stream.isPolling(), open: stream.isOpen() }),
                });
                """);

        assertThat(error).isInstanceOfSatisfying(Map.class, failure -> {
            assertThat(failure.get("message")).isEqualTo("Job not found: job-0000000000000000");
            assertThat(failure.get("open")).isEqualTo(false);
        });
    }

    @Test
    void te_ui_toasts_notifies_updates_in_place_lists_and_dismisses_as_the_contract_says() throws Exception {
        open("/");

        @SuppressWarnings("unchecked")
        Map<String, Object> seen = (Map<String, Object>) js().executeScript("""
                const ui = window.teUI;
                const events = [];
                document.addEventListener('te-notification-update', (e) => events.push('update ' + e.detail.id));
                window.addEventListener('te-notification-close', (e) => events.push('close ' + e.detail.id));
                const clicked = [];
                const dismissed = [];

                const toast = ui.toast('Saved <b>notes</b>', { variant: 'success', duration: 0 });
                const toastElement = document.getElementById(toast.id);

                const id = ui.notify({ id: 'copy-1', title: 'Copying', message: 'a.txt',
                  progress: { completed: 1, total: 4 }, status: 'running',
                  actions: [{ label: 'Cancel', onClick: () => clicked.push('cancel') }],
                  onDismiss: (n) => dismissed.push(n.id) });
                const card = document.querySelector('[data-notification-id="copy-1"]');
                ui.notify({ id: 'copy-1', message: 'b.txt', progress: { completed: 3, total: 4 } });
                const cards = document.querySelectorAll('[data-notification-id="copy-1"]');
                const active = ui.getActiveNotifications();
                card.querySelector('.te-action').click();
                const removed = ui.dismiss('copy-1');
                const again = ui.dismiss('copy-1');
                toast.close();
                return {
                  id,
                  toastText: toastElement.querySelector('.te-toast-text').textContent,
                  toastHasMarkup: toastElement.querySelector('b') !== null,
                  toastRole: toastElement.getAttribute('role'),
                  sameElement: cards.length === 1 && cards[0] === card,
                  title: card.querySelector('.te-card-title').textContent,
                  message: card.querySelector('.te-card-message').textContent,
                  progressValue: card.querySelector('progress').value,
                  progressMax: card.querySelector('progress').max,
                  active,
                  clicked,
                  removed,
                  again,
                  afterDismiss: ui.getActiveNotifications().length,
                  cardStillThere: document.querySelector('[data-notification-id="copy-1"]') !== null,
                  toastStillThere: document.getElementById(toast.id) !== null,
                  dismissed,
                  events,
                };
                """);

        assertThat(seen.get("id")).isEqualTo("copy-1");
        assertThat(seen.get("toastText")).isEqualTo("Saved <b>notes</b>");
        assertThat(seen.get("toastHasMarkup")).isEqualTo(false);
        assertThat(seen.get("toastRole")).isEqualTo("status");
        assertThat(seen.get("sameElement")).isEqualTo(true);
        assertThat(seen.get("title")).as("a field left out keeps its value").isEqualTo("Copying");
        assertThat(seen.get("message")).isEqualTo("b.txt");
        assertThat(((Number) seen.get("progressValue")).doubleValue()).isEqualTo(3.0);
        assertThat(((Number) seen.get("progressMax")).doubleValue()).isEqualTo(4.0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> active = (List<Map<String, Object>>) seen.get("active");
        assertThat(active).hasSize(1);
        assertThat(active.getFirst()).containsEntry("id", "copy-1").containsEntry("title", "Copying")
                .containsEntry("message", "b.txt").containsEntry("status", "running");
        assertThat(active.getFirst().get("progress")).isEqualTo(Map.of("completed", 3L, "total", 4L));
        assertThat(seen.get("clicked")).isEqualTo(List.of("cancel"));
        assertThat(seen.get("removed")).isEqualTo(true);
        assertThat(seen.get("again")).isEqualTo(false);
        assertThat(seen.get("afterDismiss")).isEqualTo(0L);
        assertThat(seen.get("cardStillThere")).isEqualTo(false);
        assertThat(seen.get("toastStillThere")).isEqualTo(false);
        assertThat(seen.get("dismissed")).isEqualTo(List.of("copy-1"));
        assertThat(seen.get("events")).isEqualTo(List.of("update copy-1", "update copy-1", "close copy-1"));
        assertThat(consoleErrorsSinceLastCall()).isEmpty();
    }

    @Test
    void a_toast_goes_away_by_itself_after_its_duration() {
        open("/");

        js().executeScript("window.teUI.toast('Short-lived', { duration: 200, onClose: () => { window.toastClosed = true; } });");

        waiting().until(d -> Boolean.TRUE.equals(js().executeScript("return window.toastClosed === true;")));
        assertThat(driver.findElements(org.openqa.selenium.By.cssSelector(".te-toast"))).noneMatch(toast ->
                toast.getText().contains("Short-lived"));
    }
}
