package dev.jobregistry.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each page as a phone and a desktop show it: no script error, no sideways scrolling at 390 px,
 * buttons large enough to touch and named for screen readers, in light and dark. Screenshots of
 * each go to {@code target/screenshots/}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PagesBrowserTest extends BrowserTestBase {

    private static String archivePath;

    @BeforeAll
    static void startRegistryAndBrowser() throws Exception {
        start();
        Path docs = Files.createDirectories(root.resolve("Documents/Reports from the quarterly planning meeting"));
        Files.writeString(docs.resolve("a-rather-long-file-name-that-would-push-a-narrow-layout-sideways-2024.txt"), "x");
        Files.createDirectories(root.resolve("Downloads"));
        Files.writeString(root.resolve("notes.txt"), "notes");
        Path zip = root.resolve("Downloads/photos.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("photos/2024/beach.jpg", "photos/2024/sunset.jpg", "photos/readme.txt")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(name.repeat(200).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        archivePath = zip.toString();
        submit("noop", "{\"duration\": 0, \"message\": \"Finished example\"}");
        submit("noop", "{\"duration\": 600, \"message\": \"A long-running example job\"}");
    }

    @AfterEach
    void backToDesktopAndLight() {
        desktop();
        colorScheme(false);
    }

    private static String path(String page) {
        return switch (page) {
            case "files" -> "/files?path=" + URLEncoder.encode(root.toString(), StandardCharsets.UTF_8);
            case "archives" -> "/archives?path=" + URLEncoder.encode(archivePath, StandardCharsets.UTF_8);
            default -> "/";
        };
    }

    /** Opens a page and waits until it shows its content. */
    private static void load(String page) {
        open(path(page));
        switch (page) {
            case "files" -> waitFor(By.cssSelector("#listing li.entry[data-path]"));
            case "archives" -> waitFor(By.cssSelector("#entries li.entry[data-path]"));
            default -> {
                waitFor(By.cssSelector("li.job"));
                waiting().until(d -> d.findElements(By.cssSelector(".te-card")).size() == 1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dashboard", "files", "archives"})
    void each_page_loads_without_a_script_error_and_does_not_scroll_sideways_at_390_pixels(String page)
            throws Exception {
        phone();
        load(page);

        assertThat(consoleErrorsSinceLastCall()).as("console errors on %s", page).isEmpty();
        long viewport = (Long) js().executeScript("return window.innerWidth;");
        long scrollWidth = (Long) js().executeScript("return document.documentElement.scrollWidth;");
        assertThat(viewport).isEqualTo(PHONE_WIDTH);
        assertThat(scrollWidth).as("scrollWidth of %s", page).isLessThanOrEqualTo(PHONE_WIDTH);
        screenshot(page + "-390-light");

        colorScheme(true);
        assertThat((Boolean) js().executeScript("return matchMedia('(prefers-color-scheme: dark)').matches;")).isTrue();
        assertThat(js().executeScript("return getComputedStyle(document.body).backgroundColor;"))
                .isNotEqualTo("rgb(245, 246, 248)");
        screenshot(page + "-390-dark");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dashboard", "files", "archives"})
    void each_page_has_touch_sized_controls_with_names_for_screen_readers(String page) {
        phone();
        load(page);

        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) js().executeScript("""
                const problems = [];
                const controls = document.querySelectorAll('button, a[href], select, input, summary');
                for (const control of controls) {
                  const box = control.getBoundingClientRect();
                  if (box.width === 0 && box.height === 0) continue; // not shown
                  const label = control.labels && control.labels.length ? control.labels[0] : null;
                  const name = (control.getAttribute('aria-label') || control.textContent || '').trim()
                      || (label ? label.textContent.trim() : '');
                  const what = control.tagName.toLowerCase() + ' "' + name + '"';
                  if (!name) problems.push(what + ' has no accessible name');
                  // a checkbox counts its label box (44 px) as its target
                  const target = control.type === 'checkbox' && control.closest('label, .field-check')
                      ? control.closest('label, .field-check').getBoundingClientRect() : box;
                  if (target.height < 44 - 0.5) problems.push(what + ' is ' + Math.round(target.height) + ' px high');
                  if (control.tagName !== 'A' && control.type !== 'checkbox' && target.width < 44 - 0.5)
                    problems.push(what + ' is ' + Math.round(target.width) + ' px wide');
                }
                return problems;""");

        assertThat(problems).as("controls on %s", page).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dashboard", "files", "archives"})
    void each_page_on_a_desktop_screen(String page) throws Exception {
        desktop();
        load(page);

        assertThat(consoleErrorsSinceLastCall()).isEmpty();
        long scrollWidth = (Long) js().executeScript("return document.documentElement.scrollWidth;");
        long viewport = (Long) js().executeScript("return window.innerWidth;");
        assertThat(scrollWidth).isLessThanOrEqualTo(viewport);
        screenshot(page + "-desktop");
    }

    @org.junit.jupiter.api.Test
    void going_from_page_to_page_many_times_never_runs_out_of_connections_to_the_registry() {
        // each page holds one event stream; a browser opens at most six connections to a site, so
        // pages left (or kept in the back/forward cache) must let theirs go
        for (int visit = 0; visit < 12; visit++) {
            load(List.of("dashboard", "files", "archives").get(visit % 3));
        }
        driver.navigate().back();
        waitFor(By.cssSelector("#listing li.entry[data-path]"));
        driver.navigate().forward();
        waitFor(By.cssSelector("#entries li.entry[data-path]"));
    }
}
