package io.github.saasconnect.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample as a person uses it, in headless Chromium: sign in, connect GitHub and Google through the
 * sandboxes' consent pages, see both listed, run the job and see what it fetched, disconnect GitHub and see it
 * gone. Leaves a screenshot of the connections page in {@code target/screenshots/connections.png}. Skipped when
 * Debian's {@code chromium} and {@code chromium-driver} are not installed ({@code .ci/run} installs them).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "saas-connect.store.file.directory=target/browser-test/${random.uuid}/connections")
class BrowserEndToEndTest {

    static final Path SCREENSHOT = Path.of("target", "screenshots", "connections.png");

    @LocalServerPort
    int port;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Chromium.open();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void signInConnectTwoProvidersRunTheJobAndDisconnectOne() throws Exception {
        // Sign in as a demo user
        browser.get("http://localhost:" + port + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")))
                .sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("demo");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("user"), "alice"));

        // Connect GitHub and Google through their consent pages
        connect("github", "GitHub");
        connect("google", "Google");
        assertThat(status("github")).isEqualTo("ACTIVE");
        assertThat(status("google")).isEqualTo("ACTIVE");
        assertThat(status("microsoft")).isEqualTo("not connected");

        // Run the job and see what it fetched through each connection
        browser.findElement(By.id("run-sync")).click();
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector("#row-github .sync"), java.util.regex.Pattern.compile("\\d+ repositories")));
        assertThat(cell("google", ".sync")).matches("\\d+ Drive files.*");
        assertThat(browser.findElement(By.id("last-run")).getText()).isNotEqualTo("not yet");
        Files.createDirectories(SCREENSHOT.getParent());
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);

        // Disconnect GitHub: it is gone, Google stays
        browser.findElement(By.id("disconnect-github")).click();
        wait.until(ExpectedConditions.textToBe(By.id("notice"), "Disconnected GitHub."));
        assertThat(status("github")).isEqualTo("not connected");
        assertThat(status("google")).isEqualTo("ACTIVE");
        assertThat(browser.getPageSource()).doesNotContain("ghu_").doesNotContain("ya29.");
    }

    @Test
    void microsoftDocuSignAndBitbucketConnectAndSyncToo() {
        browser.get("http://localhost:" + port + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")))
                .sendKeys("bob");
        browser.findElement(By.id("password")).sendKeys("demo");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("user"), "bob"));

        connect("microsoft", "Microsoft");
        connect("docusign", "DocuSign");
        connect("bitbucket", "Bitbucket");
        browser.findElement(By.id("run-sync")).click();
        wait.until(ExpectedConditions.textMatches(
                By.cssSelector("#row-microsoft .sync"), java.util.regex.Pattern.compile("\\d+ mail messages.*")));
        assertThat(cell("docusign", ".sync")).matches("\\d+ envelopes.*");
        assertThat(cell("bitbucket", ".sync")).startsWith("Bitbucket user ");
    }

    private void connect(String registration, String name) {
        browser.findElement(By.id("connect-" + registration)).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("notice"), "Connected " + name + "."));
    }

    private String status(String registration) {
        return cell(registration, ".status");
    }

    private String cell(String registration, String css) {
        return browser.findElement(By.cssSelector("#row-" + registration + " " + css))
                .getText();
    }
}
