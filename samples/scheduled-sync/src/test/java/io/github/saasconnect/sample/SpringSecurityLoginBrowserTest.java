package io.github.saasconnect.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The {@code spring-security} profile in headless Chromium: a plain {@code oauth2Login} app whose login with Google
 * (the sandbox, with its consent page) is at once the user's Google connection. The Drive page calls the API through
 * Spring Security's {@code OAuth2ClientHttpRequestInterceptor}; once the access token expired (the app's clock moved
 * on) the page still works after exactly one refresh, spent by SaaS Connect's {@code TokenManager} with the refresh
 * token the login brought, and no connect flow ever ran. Skipped without Chromium, as {@link BrowserEndToEndTest}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "saas-connect.store.file.directory=target/browser-test/${random.uuid}/connections",
            // the scheduled job would refresh on its own time; this test counts refreshes
            "sample.sync.interval=PT24H"
        })
@ActiveProfiles({SandboxProviders.PROFILE, OAuth2LoginConfiguration.PROFILE})
@Import(SpringSecurityLoginBrowserTest.AppClock.class)
class SpringSecurityLoginBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    TokenStore store;

    @Autowired
    SandboxProviders.Sandboxes sandboxes;

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
    void theGoogleLoginIsTheConnectionAndAnExpiredTokenIsRefreshedOnce() {
        GoogleSandbox google = sandboxes.all().stream()
                .filter(GoogleSandbox.class::isInstance)
                .map(GoogleSandbox.class::cast)
                .findFirst()
                .orElseThrow();

        // Log in: the one registration's login starts at once, Google's consent page, back on the Drive page
        browser.get("http://localhost:" + port + "/drive");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve"))).click();
        wait.until(ExpectedConditions.textMatches(By.id("drive"), Pattern.compile("\\d+ Drive files")));
        String owner = browser.findElement(By.id("user")).getText();

        // Spring Security's authorization request asked for offline access, so the login brought a refresh token
        assertThat(authorizations(google))
                .singleElement()
                .satisfies(login -> assertThat(login.query()).contains("access_type=offline"));
        ConnectionRecord connection =
                store.read(ConnectionId.of("google", owner)).block().record();
        assertThat(connection.refreshToken()).isNotNull();

        // ... and it is a connection like any other, on the connections page
        browser.get("http://localhost:" + port + "/");
        wait.until(ExpectedConditions.textToBe(By.id("user"), owner));
        assertThat(browser.findElement(By.cssSelector("#row-google .status")).getText())
                .isEqualTo("ACTIVE");

        // The access token expires: the Drive page still works, after one refresh with the login's refresh token
        long tokenRequests = google.requestCount(Endpoint.TOKEN);
        clock.advance(Duration.ofHours(2));
        browser.get("http://localhost:" + port + "/drive");
        wait.until(ExpectedConditions.textMatches(By.id("drive"), Pattern.compile("\\d+ Drive files")));
        assertThat(google.requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests + 1);
        assertThat(google.requests().last(Endpoint.TOKEN).orElseThrow().form())
                .containsEntry("grant_type", "refresh_token");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textMatches(By.id("drive"), Pattern.compile("\\d+ Drive files")));
        assertThat(google.requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests + 1);

        // no second consent: the only authorization was the login
        assertThat(authorizations(google)).hasSize(1);
        assertThat(browser.getPageSource()).doesNotContain("ya29.");
    }

    /** The authorization requests the browser sent (not the consent form's answers). */
    private static List<RecordedRequest> authorizations(GoogleSandbox google) {
        return google.requests().of(Endpoint.AUTHORIZATION).stream()
                .filter(r -> r.method().equals("GET"))
                .toList();
    }

    /** The application's clock, which SaaS Connect's token expiry reads. */
    @TestConfiguration(proxyBeanMethods = false)
    static class AppClock {

        @Bean
        MutableClock clock() {
            return MutableClock.startingNow();
        }
    }
}
