package dev.jobregistry.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The jobs dashboard ({@code /}) in a real browser, on a phone-sized screen. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DashboardBrowserTest extends BrowserTestBase {

    @BeforeAll
    static void startRegistryAndBrowser() throws Exception {
        start();
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        cancelEverything();
        desktop();
    }

    private static By row(String id) {
        return By.cssSelector("li.job[data-job-id='" + id + "']");
    }

    private static By card(String id) {
        return By.cssSelector("[data-notification-id='" + id + "']");
    }

    private static double progressValue(String id) {
        Object value = js().executeScript("""
                const bar = document.querySelector(arguments[0]);
                return bar && bar.hasAttribute('value') ? bar.value : -1;""",
                "li.job[data-job-id='" + id + "'] progress");
        return ((Number) value).doubleValue();
    }

    private static void awaitLive() {
        waiting().until(d -> "live".equals(d.findElement(By.id("connection")).getDomAttribute("data-state")));
    }

    @Test
    void a_running_jobs_progress_bar_shows_within_a_second_and_its_cancel_button_cancels_it() throws Exception {
        phone();
        open("/");
        awaitLive();

        String id = submit("noop", "{\"duration\": 60, \"message\": \"Watched\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode progress = job(id).get("progress");
            return progress.isObject() && progress.get("completed").asLong() > 0;
        });

        // the stream, not polling: once the server has progress, the page shows it within a second
        waiting(Duration.ofSeconds(1)).until(d -> progressValue(id) > 0);
        WebElement item = driver.findElement(row(id));
        assertThat(item.findElement(By.cssSelector(".job-type")).getText()).isEqualTo("noop");
        assertThat(item.findElement(By.cssSelector(".job-message")).getText()).isEqualTo("Watched");
        assertThat(item.findElement(By.cssSelector(".badge")).getText()).isEqualTo("running");
        assertThat(item.findElement(By.cssSelector(".job-elapsed")).getText()).matches("\\d+:\\d\\d");
        assertThat(item.findElement(By.cssSelector("progress")).getDomProperty("max")).isEqualTo("300");
        double first = progressValue(id);
        waiting().until(d -> progressValue(id) > first);

        WebElement liveCard = waitFor(card(id));
        assertThat(liveCard.getText()).contains("noop job").contains("Watched");
        assertThat(liveCard.findElement(By.cssSelector("progress")).getDomProperty("value")).isNotEqualTo("0");
        screenshot("dashboard-390-running");

        WebElement cancel = item.findElement(By.cssSelector("button.job-cancel"));
        assertThat(cancel.getDomAttribute("aria-label")).isEqualTo("Cancel noop job " + id);
        cancel.click();

        waiting().until(d -> "cancelled".equals(d.findElement(row(id)).getDomAttribute("data-status")));
        waiting().until(d -> d.findElements(card(id)).isEmpty());
        waitForToast("noop job cancelled");
        assertThat(job(id).get("status").asText()).isEqualTo("cancelled");
        assertThat(driver.findElement(row(id)).findElement(By.cssSelector("button.job-delete")).isDisplayed()).isTrue();
        screenshot("dashboard-390-cancelled");
        assertThat(consoleErrorsSinceLastCall()).isEmpty();
    }

    @Test
    void jobs_are_listed_newest_first_and_the_status_filter_shows_only_matching_ones() throws Exception {
        String older = submit("noop", "{\"duration\": 0, \"message\": \"older\"}");
        awaitStatus(older, "succeeded");
        String newer = submit("noop", "{\"duration\": 60, \"message\": \"newer\"}");
        awaitStatus(newer, "running");
        open("/");
        waitFor(row(newer));
        waitFor(row(older));

        String order = (String) js().executeScript(
                "return [...document.querySelectorAll('li.job')].map((li) => li.dataset.jobId).join(' ');");
        assertThat(order.indexOf(newer)).isLessThan(order.indexOf(older));

        new Select(driver.findElement(By.id("status-filter"))).selectByValue("running");
        waiting().until(d -> d.findElements(row(older)).isEmpty());
        assertThat(driver.findElement(row(newer)).isDisplayed()).isTrue();

        new Select(driver.findElement(By.id("status-filter"))).selectByValue("succeeded");
        waiting().until(d -> d.findElements(row(newer)).isEmpty());
        assertThat(driver.findElement(row(older)).isDisplayed()).isTrue();
        new Select(driver.findElement(By.id("status-filter"))).selectByValue("all");
    }

    @Test
    void delete_removes_a_finished_job_and_clear_finished_removes_them_all() throws Exception {
        String first = submit("noop", "{\"duration\": 0}");
        String second = submit("noop", "{\"duration\": 0}");
        String third = submit("noop", "{\"duration\": 0}");
        awaitStatus(first, "succeeded");
        awaitStatus(second, "succeeded");
        awaitStatus(third, "succeeded");
        open("/");

        waitFor(row(first)).findElement(By.cssSelector("button.job-delete")).click();
        waiting().until(d -> d.findElements(row(first)).isEmpty());
        assertThat(api("GET", "/api/jobs/" + first, null).get("code").asText()).isEqualTo("job_not_found");

        driver.findElement(By.id("clear-finished")).click();
        waiting().until(d -> d.findElements(row(second)).isEmpty() && d.findElements(row(third)).isEmpty());
        waitForToast("Cleared");
        assertThat(api("GET", "/api/jobs?status=succeeded,failed,cancelled", null).get("data")).isEmpty();
    }

    @Test
    void a_toast_tells_when_a_job_ends() throws Exception {
        open("/");
        awaitLive();

        submit("noop", "{\"duration\": 0.4, \"message\": \"Toasted\"}");

        waitForToast("noop job succeeded: Toasted");
    }
}
