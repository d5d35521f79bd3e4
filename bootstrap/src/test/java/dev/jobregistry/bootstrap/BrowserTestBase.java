package dev.jobregistry.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the browser tests share: a registry started in this JVM ({@link Registry#start}, port 0,
 * a temporary store and root) and one headless Chromium driven by Debian's chromedriver, both per
 * test class.
 *
 * <p>Nothing is downloaded at run time: Selenium is given the chromedriver and the Chromium
 * binary explicitly, so Selenium Manager never runs (and {@code SE_OFFLINE} is set in case it
 * would). When {@value #CHROMIUM} or {@value #CHROMEDRIVER} is missing, the tests are skipped with
 * a printed notice; {@code .ci/run} installs both.
 *
 * <p>Screenshots go to {@code bootstrap/target/screenshots/}.
 */
abstract class BrowserTestBase {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final int PHONE_WIDTH = 390;
    static final int PHONE_HEIGHT = 844;
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final ObjectMapper JSON = new ObjectMapper();

    static Path work;
    static Path root;
    static Registry registry;
    static WebDriver driver;
    static ChromeDriverService service;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The API token the registry was started with, sent by {@link #api}; null when none. */
    static String token;

    /** Skips the class, saying why, when the browser is not installed. */
    static void assumeBrowserInstalled() {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!installed) {
            System.out.println("Browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(installed, "needs " + CHROMIUM + " and " + CHROMEDRIVER);
    }

    /** Starts the registry (with {@code flags} added) and the browser. */
    static void start(String... flags) throws IOException {
        assumeBrowserInstalled();
        work = Files.createTempDirectory("job-registry-browser").toRealPath();
        root = Files.createDirectories(work.resolve("root"));
        List<String> args = new ArrayList<>(List.of("--port", "0", "--store-path", work.resolve("jobs.json").toString(),
                "--roots", root.toString()));
        args.addAll(List.of(flags));
        RegistryConfig config = RegistryConfig.load(args, Map.of("HOME", work.toString()));
        Clock clock = Registry.systemClock();
        registry = Registry.start(config, clock, Registry.discoverHandlers(config, clock));
        driver = chromium(work.resolve("profile"));
    }

    private static WebDriver chromium(Path profile) {
        // Selenium Manager must never run: both binaries are given, and it would stay offline anyway
        System.setProperty("SE_OFFLINE", "true");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=1280,900", "--lang=en-US");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        // a page that cannot load (say, every connection to the registry held by earlier pages) fails the test
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return chrome;
    }

    @AfterAll
    static void stopBrowserAndRegistry() throws IOException {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
        if (service != null) {
            service.stop();
            service = null;
        }
        if (registry != null) {
            registry.stop();
            registry = null;
        }
        token = null;
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
            work = null;
        }
    }

    static String url(String path) {
        return "http://localhost:" + registry.port() + path;
    }

    static JavascriptExecutor js() {
        return (JavascriptExecutor) driver;
    }

    static WebDriverWait waiting(Duration atMost) {
        return new WebDriverWait(driver, atMost);
    }

    static WebDriverWait waiting() {
        return waiting(Duration.ofSeconds(15));
    }

    /** Emulates a phone screen 390 CSS pixels wide (touch, device pixel ratio 2). */
    static void phone() {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", PHONE_WIDTH, "height", PHONE_HEIGHT, "deviceScaleFactor", 2, "mobile", true));
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true));
    }

    /** Back to a desktop window of 1280 by 900. */
    static void desktop() {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    }

    /** Shows pages as under {@code prefers-color-scheme: dark} (true) or light (false). */
    static void colorScheme(boolean dark) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /** Saves a screenshot of the viewport as {@code target/screenshots/NAME.png}. */
    static Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /** The browser console's messages since the last call, as {@code LEVEL message}. */
    static List<String> consoleSinceLastCall() {
        List<String> messages = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            messages.add(entry.getLevel() + " " + entry.getMessage());
        }
        return messages;
    }

    /** The console's errors (SEVERE: uncaught exceptions, failed loads, console.error) since the last call. */
    static List<String> consoleErrorsSinceLastCall() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /**
     * Opens a page and waits until its module script has run ({@code window.teUI} is set). The
     * console messages of earlier pages are dropped first.
     */
    static void open(String path) {
        consoleSinceLastCall();
        driver.get(url(path));
        waiting().until(d -> Boolean.TRUE.equals(js().executeScript("return typeof window.teUI === 'object';")));
    }

    static WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    static WebElement waitFor(By locator, Duration atMost) {
        return waiting(atMost).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits for a toast whose text contains {@code text}. */
    static WebElement waitForToast(String text) {
        return waiting().until(d -> d.findElements(By.cssSelector(".te-toast")).stream()
                .filter(toast -> toast.getText().contains(text)).findFirst().orElse(null));
    }

    // ---- the API, straight over HTTP

    static JsonNode api(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static String submit(String type, String params) throws IOException, InterruptedException {
        JsonNode reply = api("POST", "/api/jobs", "{\"type\":\"" + type + "\",\"params\":" + params + "}");
        assertThat(reply.get("ok").asBoolean()).as(reply.toString()).isTrue();
        return reply.get("data").get("id").asText();
    }

    static JsonNode job(String id) throws IOException, InterruptedException {
        return api("GET", "/api/jobs/" + id, null).get("data");
    }

    static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode job = job(id);
            return job != null && job.get("status").asText().equals(status);
        });
    }

    /** Cancels every unfinished job, so one test's jobs do not hold the next one's runners. */
    static void cancelEverything() throws IOException, InterruptedException {
        for (JsonNode job : api("GET", "/api/jobs?status=pending,running", null).get("data")) {
            api("POST", "/api/jobs/" + job.get("id").asText() + "/cancel", null);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api("GET", "/api/jobs?status=pending,running", null).get("data").isEmpty());
    }
}
