package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.PagingStyle;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** Where a connection's token may go, and how next links are read. */
class ApiUrlsTest {

    private static final ConnectionId ALICE = ConnectionId.of("github", "alice");

    private static URI resolve(String requested, String base, String... apiHosts) {
        return ApiUrls.resolve(
                "github", ALICE, URI.create(requested), base == null ? null : URI.create(base), Set.of(apiHosts));
    }

    @Test
    void relativeUrlsKeepTheBasePath() {
        assertThat(resolve("/user/repos?per_page=100", "https://ghe.example.com/api/v3/"))
                .isEqualTo(URI.create("https://ghe.example.com/api/v3/user/repos?per_page=100"));
    }

    @Test
    void siblingHostsUnderTheSameParentDomainAreOtherParties() {
        // issue 18: a shared parent domain is no common owner
        assertThatThrownBy(() -> resolve("https://evil.herokuapp.com/x", "https://acme-api.herokuapp.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("saas-connect.providers.github.api-hosts");
        assertThatThrownBy(() -> resolve("https://evil.co.uk/x", "https://api.co.uk"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolve("https://intranet.corp.example.com/x", "https://ghe.corp.example.com/api/v3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolve("https://uploads.github.com/x", "https://api.github.com"))
                .as("not without the registration's allow-list")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostsOnTheRegistrationsAllowListAreAllowedWithTheSameSchemeAndPort() {
        assertThat(resolve(
                        "https://uploads.github.com/repos/a/b/releases/1/assets",
                        "https://api.github.com",
                        "uploads.github.com"))
                .hasHost("uploads.github.com");
        assertThat(resolve(
                        "https://gmail.googleapis.com/gmail/v1/users/me",
                        "https://www.googleapis.com",
                        "*.googleapis.com"))
                .hasHost("gmail.googleapis.com");
        assertThatThrownBy(() -> resolve(
                        "https://googleapis.com.evil.example/x", "https://www.googleapis.com", "*.googleapis.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolve("http://uploads.github.com/x", "https://api.github.com", "uploads.github.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void otherHostsSchemesAndPortsAreRefused() {
        assertThatThrownBy(() -> resolve("https://github.com.evil.example/x", "https://api.github.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolve("http://api.github.com/x", "https://api.github.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolve("https://api.github.com:8443/x", "https://api.github.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolve("http://127.0.0.2:80/x", "http://127.0.0.1:80"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutABaseOnlyAbsoluteUrlsWork() {
        assertThat(resolve("https://api.example.com/x", null)).hasHost("api.example.com");
        assertThatThrownBy(() -> resolve("/x", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("saas-connect.providers.github.api-base-uri");
    }

    @Test
    void theNextLinkIsFoundAmongOtherRelationsAndCommasInUrls() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(
                HttpHeaders.LINK,
                "<https://api.github.com/x?page=1&q=a,b>; rel=\"prev\", "
                        + "<https://api.github.com/x?page=3&q=a,b>; rel=\"next\", <https://api.github.com/x?page=9>; rel=\"last\"");

        assertThat(PagingStyle.LINK_HEADER.next(URI.create("https://api.github.com/x?page=2"), headers, null))
                .isEqualTo(URI.create("https://api.github.com/x?page=3&q=a,b"));
    }
}
