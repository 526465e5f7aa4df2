package io.github.saasconnect.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnToPolicyTest {

    private final ReturnToPolicy policy =
            new ReturnToPolicy(List.of("https://app.example.com", "http://localhost:3000/"), "/home");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/connections",
                "/a/b?tab=github&x=1#top",
                "/%2F%2Fevil.example",
                "https://app.example.com/settings",
                "https://APP.example.com:443/x",
                "http://localhost:3000/cb?x=1"
            })
    void acceptsLocalPathsAndUrlsOnAllowedOrigins(String returnTo) {
        assertThat(policy.resolve(returnTo, "github")).isEqualTo(returnTo);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "//evil.example",
                "//evil.example/path",
                "/\\evil.example",
                "\\\\evil.example",
                "https://evil.example/",
                "http://app.example.com/",
                "https://app.example.com:8443/",
                "https://app.example.com@evil.example/",
                "https://user@app.example.com/",
                "javascript:alert(1)",
                "evil.example",
                "relative/path",
                "/path\r\nLocation: https://evil.example",
                "/path\twith-tab",
                "/ space",
                "ftp://app.example.com/",
                "https:/app.example.com",
                "data:text/html,hi",
                "/%zz"
            })
    void refusesOpenRedirects(String returnTo) {
        assertThatThrownBy(() -> policy.resolve(returnTo, "github"))
                .isInstanceOfSatisfying(
                        ConnectFlowException.class,
                        e -> assertThat(e.failure()).isEqualTo(ConnectFailure.INVALID_RETURN_TO))
                .hasMessageContaining("saas-connect.web.allowed-return-origins");
    }

    /** What the browser requests after removing dot segments must still be a single-slash path. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "/.//evil.example",
                "/..//evil.example",
                "/./..//evil.example/x",
                "/%2e//evil.example",
                "/%2E%2e//evil.example",
                "/.%2E//evil.example",
                "/a/..//evil.example",
                "/a/b/../..//evil.example?x=1"
            })
    void refusesPathsThatBecomeProtocolRelativeOnceNormalised(String returnTo) {
        assertThatThrownBy(() -> policy.resolve(returnTo, "github"))
                .isInstanceOfSatisfying(
                        ConnectFlowException.class,
                        e -> assertThat(e.failure()).isEqualTo(ConnectFailure.INVALID_RETURN_TO));
    }

    @ParameterizedTest
    @CsvSource({
        "/a/./b, /a/b",
        "/a/../b?x=/../y#/./z, /b?x=/../y#/./z",
        "/a/%2e%2e/b, /b",
        "/.., /",
        "/a/., /a/",
        "/../settings, /settings",
        "/.../x, /.../x"
    })
    void acceptedPathsAreReturnedNormalised(String returnTo, String normalised) {
        assertThat(policy.resolve(returnTo, "github")).isEqualTo(normalised);
    }

    @Test
    void refusesOverlongAddresses() {
        assertThatThrownBy(() -> policy.resolve("/" + "a".repeat(ReturnToPolicy.MAX_LENGTH), "github"))
                .isInstanceOf(ConnectFlowException.class);
    }

    @Test
    void anAbsentAddressMeansTheFallback() {
        assertThat(policy.resolve(null, "github")).isEqualTo("/home");
        assertThat(policy.resolve("", "github")).isEqualTo("/home");
    }

    @Test
    void originsMustBeBareOrigins() {
        assertThatThrownBy(() -> new ReturnToPolicy(List.of("https://app.example.com/path"), "/"))
                .hasMessageContaining("is not an origin");
        assertThatThrownBy(() -> new ReturnToPolicy(List.of("app.example.com"), "/"))
                .hasMessageContaining("is not an origin");
    }

    @Test
    void theFallbackMustItselfBeAcceptable() {
        assertThatThrownBy(() -> new ReturnToPolicy(List.of(), "https://evil.example/"))
                .hasMessageContaining("not acceptable");
    }
}
