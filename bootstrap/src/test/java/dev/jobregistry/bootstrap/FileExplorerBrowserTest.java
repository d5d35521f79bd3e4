package dev.jobregistry.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The File Explorer ({@code /files}) in a real browser, on a phone-sized screen. One runner, so a
 * job started while a long job runs waits (pending) and its card can be looked at before it runs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FileExplorerBrowserTest extends BrowserTestBase {

    private static Path source;
    private static Path destination;

    @BeforeAll
    static void startRegistryAndBrowser() throws Exception {
        start("--max-running", "1");
        source = Files.createDirectories(root.resolve("source"));
        destination = Files.createDirectories(root.resolve("destination"));
        Files.writeString(source.resolve("a.txt"), "alpha");
        Files.writeString(source.resolve("b.txt"), "bravo");
        Files.writeString(source.resolve("c.txt"), "charlie");
        Files.createDirectories(source.resolve("nested"));
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        cancelEverything();
        desktop();
    }

    private static String filesUrl(Path folder) {
        return "/files?path=" + URLEncoder.encode(folder.toString(), StandardCharsets.UTF_8);
    }

    private static By entry(String name) {
        return By.xpath("//ul[@id='listing']/li[.//*[contains(@class,'entry-name')][normalize-space()='" + name
                + "' or normalize-space()='Folder " + name + "']]");
    }

    private static List<String> listedNames() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) js().executeScript("""
                return [...document.querySelectorAll('#listing li.entry[data-path]')]
                    .map((li) => li.dataset.path.split('/').pop());""");
        return names;
    }

    /** Clicks what {@code locator} finds inside {@code container} once it is there (listings load asynchronously). */
    private static void clickWhenShown(WebElement container, By locator) {
        waiting().until(d -> container.findElements(locator).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null)).click();
    }

    private static void select(String name) {
        driver.findElement(By.cssSelector("#listing input[aria-label='Select " + name + "']")).click();
    }

    @Test
    void copying_two_files_shows_a_live_card_with_cancel_and_then_lists_them_in_the_destination() throws Exception {
        phone();
        open(filesUrl(source));
        waitFor(entry("a.txt"));
        assertThat(listedNames()).containsExactly("nested", "a.txt", "b.txt", "c.txt");
        select("a.txt");
        select("b.txt");
        assertThat(driver.findElement(By.id("selection")).getText()).isEqualTo("2 selected");
        // the one runner is busy, so the copy waits and its card can be seen with its Cancel action
        String blocker = submit("noop", "{\"duration\": 60}");
        awaitStatus(blocker, "running");

        driver.findElement(By.id("copy")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog[open]"));
        // the picker lists the current folder; up to the root by its crumb, then into "destination"
        clickWhenShown(dialog, By.xpath(".//button[@title='" + root + "']"));
        clickWhenShown(dialog, By.xpath(".//button[contains(@class,'entry-name')][normalize-space()='Folder destination']"));
        waiting().until(d -> dialog.findElement(By.name("path")).getDomProperty("value").equals(destination.toString()));
        screenshot("files-390-copy-dialog");
        dialog.findElement(By.xpath(".//button[normalize-space()='Copy here']")).click();

        WebElement card = waitFor(By.cssSelector(".te-card"));
        assertThat(card.getText()).contains("Copy 2 items to destination").contains("pending");
        assertThat(card.findElement(By.xpath(".//button[normalize-space()='Cancel']")).isDisplayed()).isTrue();
        screenshot("files-390-copy-pending");
        api("POST", "/api/jobs/" + blocker + "/cancel", null);

        waitForToast("Copy 2 items to destination");
        waiting().until(d -> d.findElements(By.cssSelector(".te-card")).isEmpty());
        assertThat(Files.readString(destination.resolve("a.txt"))).isEqualTo("alpha");
        assertThat(Files.readString(destination.resolve("b.txt"))).isEqualTo("bravo");
        assertThat(destination.resolve("c.txt")).doesNotExist();

        driver.findElement(By.xpath("//nav[@id='crumbs']//button[@title='" + root + "']")).click();
        waitFor(entry("destination")).findElement(By.cssSelector(".entry-name")).click();
        waiting().until(d -> driver.getCurrentUrl().endsWith(filesUrl(destination)) && listedNames().size() == 2);
        assertThat(listedNames()).containsExactly("a.txt", "b.txt");
        screenshot("files-390-copied");
        assertThat(consoleErrorsSinceLastCall()).isEmpty();
    }

    @Test
    void a_job_card_cancel_button_cancels_the_job_it_stands_for() throws Exception {
        open(filesUrl(source));
        waitFor(entry("c.txt"));
        String blocker = submit("noop", "{\"duration\": 60}");
        awaitStatus(blocker, "running");
        select("c.txt");

        driver.findElement(By.id("move")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog[open]"));
        WebElement folder = dialog.findElement(By.name("path"));
        folder.clear();
        folder.sendKeys(destination.toString());
        dialog.findElement(By.xpath(".//button[normalize-space()='Move here']")).click();
        WebElement card = waitFor(By.cssSelector(".te-card"));
        String id = card.getDomAttribute("data-notification-id");
        card.findElement(By.xpath(".//button[normalize-space()='Cancel']")).click();

        awaitStatus(id, "cancelled");
        waitForToast("Move c.txt to destination");
        assertThat(source.resolve("c.txt")).exists();
    }

    @Test
    void deleting_asks_first_and_then_removes_the_item_from_the_listing() throws Exception {
        Path doomed = Files.writeString(source.resolve("doomed.txt"), "bye");
        open(filesUrl(source));
        waitFor(entry("doomed.txt"));
        select("doomed.txt");

        driver.findElement(By.id("delete")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Delete doomed.txt?").contains("cannot be brought back");
        dialog.findElement(By.xpath(".//button[normalize-space()='Delete']")).click();

        waiting().until(d -> !listedNames().contains("doomed.txt"));
        assertThat(doomed).doesNotExist();
    }

    @Test
    void folders_open_with_the_keyboard_and_back_returns() {
        open(filesUrl(root));
        WebElement sourceFolder = waitFor(entry("source")).findElement(By.cssSelector(".entry-name"));

        sourceFolder.sendKeys(Keys.ENTER);
        waiting().until(d -> listedNames().contains("a.txt"));
        assertThat(driver.getCurrentUrl()).endsWith(filesUrl(source));

        driver.navigate().back();
        waiting().until(d -> listedNames().contains("source") && !listedNames().contains("a.txt"));
    }

    @Test
    void a_folder_outside_the_roots_shows_the_servers_refusal() {
        open("/files?path=%2Fetc");

        waitForToast("is outside the allowed roots");
    }
}
