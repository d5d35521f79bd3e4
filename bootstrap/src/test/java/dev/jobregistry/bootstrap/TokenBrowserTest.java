package dev.jobregistry.bootstrap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages against a registry started with {@code --token}: the token is given once in the
 * address, kept in the tab's sessionStorage, sent as a bearer header by calls and as
 * {@code access_token} by the event stream.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TokenBrowserTest extends BrowserTestBase {

    private static final String TOKEN = "browser-test-token-0123456789";

    @BeforeAll
    static void startRegistryAndBrowser() throws Exception {
        start("--token", TOKEN);
        token = TOKEN;
        Files.writeString(root.resolve("visible.txt"), "x");
    }

    @Test
    void a_token_given_once_in_the_address_is_kept_for_the_tab_and_removed_from_the_address() throws Exception {
        open("/?token=" + TOKEN);

        assertThat(driver.getCurrentUrl()).doesNotContain(TOKEN).endsWith("/");
        assertThat(js().executeScript("return sessionStorage.getItem('jobRegistry.token');")).isEqualTo(TOKEN);
        waiting().until(d -> "live".equals(d.findElement(By.id("connection")).getDomAttribute("data-state")));
        String id = submit("noop", "{\"duration\": 0, \"message\": \"With a token\"}");
        waitFor(By.cssSelector("li.job[data-job-id='" + id + "']"));

        open("/files?path=" + URLEncoder.encode(root.toString(), StandardCharsets.UTF_8));
        waitFor(By.cssSelector("#listing li.entry[data-path$='visible.txt']"));
        assertThat(consoleErrorsSinceLastCall()).isEmpty();
    }

    @Test
    void without_the_token_a_call_fails_with_the_servers_sentence() {
        open("/");
        js().executeScript("sessionStorage.removeItem('jobRegistry.token');");

        Object message = js().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.jobsClient.fetchJobs().then(() => done('answered'), (e) => done(e.message));""");

        assertThat((String) message).startsWith("Missing or wrong API token");
    }
}
