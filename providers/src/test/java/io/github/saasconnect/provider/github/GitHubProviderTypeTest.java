package io.github.saasconnect.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.saasconnect.oauth2.AuthorizationRequestUri;
import io.github.saasconnect.oauth2.PkceChallenge;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.testing.LogCapture;
import io.github.saasconnect.provider.testing.Settings;
import java.net.URI;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class GitHubProviderTypeTest {

    private final GitHubProviderType type = new GitHubProviderType();

    @Test
    void gitHubAppOnGitHubComByDefault() {
        ProviderDescriptor d = type.register(Settings.of("github").build()).descriptor();

        assertThat(d.authorizationUri()).hasToString("https://github.com/login/oauth/authorize");
        assertThat(d.tokenUri()).hasToString("https://github.com/login/oauth/access_token");
        assertThat(d.apiBaseUri()).hasToString("https://api.github.com");
        // release asset uploads: the one other host a github.com token may go to (issue 18)
        assertThat(d.apiHosts()).containsExactly("uploads.github.com");
        assertThat(d.revocationUri()).isNull();
        assertThat(d.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_POST);
        assertThat(d.rotation()).isEqualTo(RefreshTokenRotation.STRICT);
        assertThat(d.refreshTokenLifetime()).isEqualTo(new RefreshTokenLifetime(null, true));
        assertThat(d.defaultAccessTokenLifetime()).isNull();
        assertThat(d.pkce()).isTrue();
        assertThat("repo,gist".split(d.responseScopeDelimiter())).containsExactly("repo", "gist");
        assertThat("repo, user".split(d.responseScopeDelimiter())).containsExactly("repo", "user");
    }

    @Test
    void oauthAppTokensDoNotExpireUnlessTheResponseSaysSo() {
        ProviderDescriptor d = type.register(
                        Settings.of("github").option("app-type", "oauth-app").build())
                .descriptor();

        assertThat(d.defaultAccessTokenLifetime()).isNull();
        assertThat(d.refreshTokenLifetime()).isEqualTo(RefreshTokenLifetime.UNKNOWN);
        assertThat(d.rotation()).isEqualTo(RefreshTokenRotation.STRICT);
    }

    @Test
    void enterpriseServerTakesOAuthFromTheWebHostAndTheApiFromApiV3() {
        ProviderDescriptor d = type.register(Settings.of("github")
                        .option("web-base-url", "https://ghe.example.com/")
                        .build())
                .descriptor();

        assertThat(d.authorizationUri()).hasToString("https://ghe.example.com/login/oauth/authorize");
        assertThat(d.tokenUri()).hasToString("https://ghe.example.com/login/oauth/access_token");
        assertThat(d.apiBaseUri()).hasToString("https://ghe.example.com/api/v3");
        // no sibling of the GHES host (intranet.example.com) is trusted with its tokens
        assertThat(d.apiHosts()).isEmpty();
    }

    @Test
    void apiBaseUrlCanBeSetSeparately() {
        ProviderDescriptor d = type.register(Settings.of("github")
                        .option("web-base-url", "https://ghe.example.com")
                        .option("api-base-url", "https://api.ghe.example.com")
                        .build())
                .descriptor();

        assertThat(d.apiBaseUri()).hasToString("https://api.ghe.example.com");
    }

    @Test
    void apiBaseUrlOptionAndApiBaseUriSettingMustAgree() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("github")
                        .option("api-base-url", "https://a.example.com")
                        .apiBaseUri(URI.create("https://b.example.com"))
                        .build()))
                .withMessageContaining("api-base-url")
                .withMessageContaining("api-base-uri");
    }

    @Test
    void authorizationUrlSendsSpaceSeparatedScopesAndAnS256Challenge() {
        ProviderRegistration r = type.register(Settings.of("github")
                .option("app-type", "oauth-app")
                .scopes("repo", "read:org")
                .build());

        URI url = AuthorizationRequestUri.build(
                r, URI.create("http://127.0.0.1/cb"), "s", PkceChallenge.generate(new SecureRandom()));

        assertThat(url.getRawQuery()).contains("scope=repo%20read:org").contains("code_challenge_method=S256");
    }

    @Test
    void unknownAppTypeIsRejectedNamingTheAllowedValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(
                        Settings.of("github").id("gh").option("app-type", "app").build()))
                .withMessageContaining("saas-connect.providers.gh.options.app-type")
                .withMessageContaining("[github-app, oauth-app]");
    }

    @Test
    void webBaseUrlMustBeAnHttpsUrl() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("github")
                        .id("gh")
                        .option("web-base-url", "ghe.example.com")
                        .build()))
                .withMessageContaining("saas-connect.providers.gh.options.web-base-url");
    }

    @Test
    void revocationUriIsRejectedBecauseGitHubRevokesThroughItsApi() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("github")
                        .id("gh")
                        .revocationUri(URI.create("https://github.com/revoke"))
                        .build()))
                .withMessageContaining("saas-connect.providers.gh.revocation-uri");
    }

    @Test
    void scopesOnAGitHubAppAreWarnedAboutBecauseGitHubIgnoresThem() {
        try (LogCapture log = LogCapture.of(GitHubProviderType.class)) {
            type.register(Settings.of("github").scopes("repo").build());

            assertThat(log.warnings()).singleElement().asString().contains("GitHub Apps take none");
        }
    }
}
