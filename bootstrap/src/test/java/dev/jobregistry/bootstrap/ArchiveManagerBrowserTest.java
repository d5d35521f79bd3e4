package dev.jobregistry.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Archive Manager ({@code /archives}) in a real browser, on a phone-sized screen. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArchiveManagerBrowserTest extends BrowserTestBase {

    private static Path archive;

    @BeforeAll
    static void startRegistryAndBrowser() throws Exception {
        start();
        archive = zip(root.resolve("bundle.zip"), List.of("docs/", "docs/a.txt", "docs/b.txt", "docs/deep/c.txt",
                "top.txt"));
        Files.createDirectories(root.resolve("pictures"));
        Files.writeString(root.resolve("pictures/one.txt"), "one");
        Files.writeString(root.resolve("pictures/two.txt"), "two");
    }

    @AfterEach
    void cancelLeftovers() throws Exception {
        cancelEverything();
        desktop();
    }

    /** A zip of these entries; a name ending in / is a folder, a file holds its own name. */
    private static Path zip(Path file, List<String> names) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    zip.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String archivesUrl(Path path) {
        return "/archives?path=" + URLEncoder.encode(path.toString(), StandardCharsets.UTF_8);
    }

    private static By entry(String name) {
        return By.xpath("//ul[@id='entries']/li[.//*[contains(@class,'entry-name')][normalize-space()='" + name
                + "' or normalize-space()='Folder " + name + "']]");
    }

    @Test
    void extracting_the_selected_entries_writes_only_those_into_the_chosen_folder() throws Exception {
        phone();
        open(archivesUrl(archive));
        assertThat(waitFor(By.id("archive-name")).getText()).isEqualTo("bundle.zip");
        assertThat(driver.findElement(By.id("archive-meta")).getText()).startsWith("zip ·").contains("4 files");
        waitFor(entry("docs"));
        waitFor(entry("top.txt"));
        screenshot("archives-390-root");

        driver.findElement(entry("docs")).findElement(By.cssSelector(".entry-name")).click();
        waitFor(entry("a.txt"));
        assertThat(driver.findElement(By.id("entry-crumbs")).getText()).contains("bundle.zip").contains("docs");
        driver.findElement(By.cssSelector("#entries input[aria-label='Select a.txt']")).click();
        driver.findElement(By.cssSelector("#entries input[aria-label='Select deep']")).click();
        assertThat(driver.findElement(By.id("selection")).getText()).isEqualTo("2 selected");
        driver.findElement(By.id("extract-selected")).click();

        WebElement dialog = waitFor(By.cssSelector("dialog[open]"));
        assertThat(dialog.getText()).contains("Extract 2 selected entries from bundle.zip");
        WebElement folder = dialog.findElement(By.name("destination"));
        assertThat(folder.getDomProperty("value")).isEqualTo(root.toString());
        folder.clear();
        folder.sendKeys(root.resolve("out").toString());
        new Select(dialog.findElement(By.name("overwrite"))).selectByValue("rename");
        screenshot("archives-390-extract-dialog");
        dialog.findElement(By.xpath(".//button[normalize-space()='Extract']")).click();

        waitForToast("Extract 2 selected entries from bundle.zip");
        Path out = root.resolve("out");
        assertThat(Files.readString(out.resolve("docs/a.txt"))).isEqualTo("content of docs/a.txt");
        assertThat(Files.readString(out.resolve("docs/deep/c.txt"))).isEqualTo("content of docs/deep/c.txt");
        assertThat(out.resolve("docs/b.txt")).doesNotExist();
        assertThat(out.resolve("top.txt")).doesNotExist();
        assertThat(consoleErrorsSinceLastCall()).isEmpty();
    }

    @Test
    void without_a_path_the_page_offers_the_archives_of_a_folder_to_open() {
        open("/archives");

        WebElement link = waitFor(By.xpath("//ul[@id='pick-list']//a[normalize-space()='bundle.zip']"));
        assertThat(driver.findElements(By.xpath("//ul[@id='pick-list']//*[normalize-space()='one.txt']"))).isEmpty();
        link.click();

        waiting().until(d -> "bundle.zip".equals(d.findElement(By.id("archive-name")).getText()));
        waitFor(entry("top.txt"));
    }

    @Test
    void creating_an_archive_from_chosen_files_in_a_chosen_format() throws Exception {
        open(archivesUrl(archive));
        waitFor(entry("top.txt"));

        driver.findElement(By.id("create-archive")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog[open]"));
        dialog.findElement(By.xpath(".//button[normalize-space()='Add files…']")).click();
        waiting().until(d -> d.findElements(By.cssSelector("dialog[open]")).size() == 2);
        WebElement picker = driver.findElements(By.cssSelector("dialog[open]")).get(1);
        waiting().until(d -> !picker.findElements(By.cssSelector("input[aria-label='Select pictures']")).isEmpty());
        picker.findElement(By.cssSelector("input[aria-label='Select pictures']")).click();
        picker.findElement(By.xpath(".//button[normalize-space()='Add']")).click();
        waiting().until(d -> d.findElements(By.cssSelector("dialog[open]")).size() == 1);
        assertThat(dialog.getText()).contains(root.resolve("pictures").toString());

        new Select(dialog.findElement(By.name("format"))).selectByValue("tar.gz");
        assertThat(dialog.findElement(By.name("name")).getDomProperty("value")).isEqualTo("archive.tar.gz");
        dialog.findElement(By.xpath(".//button[normalize-space()='Create']")).click();

        waitForToast("Create archive.tar.gz");
        Path created = root.resolve("archive.tar.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(created))) {
            String tar = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(tar).contains("pictures/one.txt").contains("pictures/two.txt");
        }
    }

    @Test
    void a_file_that_is_no_archive_shows_the_servers_refusal() throws Exception {
        Files.writeString(root.resolve("fake.zip"), "not really");

        open(archivesUrl(root.resolve("fake.zip")));

        waitForToast("not an archive");
    }
}
