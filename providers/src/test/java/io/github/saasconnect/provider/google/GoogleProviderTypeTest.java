package io.github.saasconnect.provider.google;

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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.UriComponentsBuilder;

class GoogleProviderTypeTest {

    private final GoogleProviderType type = new GoogleProviderType();

    @Test
    void describesGooglesRealEndpointsAndPolicies() {
        ProviderDescriptor d = type.register(Settings.of("google").build()).descriptor();

        assertThat(d.type()).isEqualTo("google");
        assertThat(d.authorizationUri()).hasToString("https://accounts.google.com/o/oauth2/v2/auth");
        assertThat(d.tokenUri()).hasToString("https://oauth2.googleapis.com/token");
        assertThat(d.revocationUri()).hasToString("https://oauth2.googleapis.com/revoke");
        assertThat(d.apiBaseUri()).hasToString("https://www.googleapis.com");
        assertThat(d.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_POST);
        assertThat(d.rotation()).isEqualTo(RefreshTokenRotation.NONE);
        assertThat(d.refreshTokenLifetime()).isEqualTo(RefreshTokenLifetime.idle(Duration.ofDays(180)));
        assertThat(d.defaultAccessTokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(d.pkce()).isTrue();
        assertThat(d.requiredScopes()).containsExactly("openid");
    }

    @Test
    void authorizationUrlAsksForOfflineAccessWithConsentOpenidAndS256() {
        ProviderRegistration r = type.register(Settings.of("google")
                .scopes("https://www.googleapis.com/auth/drive.readonly")
                .build());
        PkceChallenge pkce = PkceChallenge.generate(new SecureRandom());

        URI url = AuthorizationRequestUri.build(r, URI.create("http://127.0.0.1:8080/callback"), "st", pkce);

        Map<String, String> q =
                UriComponentsBuilder.fromUri(url).build().getQueryParams().toSingleValueMap();
        assertThat(url.toString()).startsWith("https://accounts.google.com/o/oauth2/v2/auth?");
        assertThat(q)
                .containsEntry("access_type", "offline")
                .containsEntry("prompt", "consent")
                .containsEntry("include_granted_scopes", "true")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("response_type", "code");
        assertThat(r.requestedScopes()).containsExactly("https://www.googleapis.com/auth/drive.readonly", "openid");
    }

    @Test
    void applicationParametersOverrideTheTypesOwnAndTurningOffOfflineAccessIsWarnedAbout() {
        try (LogCapture log = LogCapture.of(GoogleProviderType.class)) {
            ProviderDescriptor d = type.register(Settings.of("google")
                            .parameter("prompt", "select_account consent")
                            .parameter("access_type", "online")
                            .build())
                    .descriptor();

            assertThat(d.authorizationParameters())
                    .containsEntry("prompt", "select_account consent")
                    .containsEntry("access_type", "online");
            assertThat(log.warnings()).singleElement().asString().contains("no refresh token");
        }
    }

    @Test
    void endpointSettingsOverrideTheDefaults() {
        ProviderDescriptor d = type.register(Settings.of("google")
                        .authorizationUri(URI.create("http://127.0.0.1:1/a"))
                        .tokenUri(URI.create("http://127.0.0.1:1/t"))
                        .revocationUri(URI.create("http://127.0.0.1:1/r"))
                        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_BASIC)
                        .pkce(false)
                        .build())
                .descriptor();

        assertThat(d.authorizationUri()).hasToString("http://127.0.0.1:1/a");
        assertThat(d.tokenUri()).hasToString("http://127.0.0.1:1/t");
        assertThat(d.revocationUri()).hasToString("http://127.0.0.1:1/r");
        assertThat(d.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(d.pkce()).isFalse();
    }

    @Test
    void aTestingConsentScreenEndsConnectionsSevenDaysAfterConsentAndSaysSoAtStartup() {
        try (LogCapture log = LogCapture.of(GoogleProviderType.class)) {
            ProviderDescriptor d = type.register(Settings.of("google")
                            .id("gmail")
                            .scopes("email", "https://www.googleapis.com/auth/drive.readonly")
                            .option("publishing-status", "Testing")
                            .build())
                    .descriptor();

            assertThat(d.refreshTokenLifetime())
                    .isEqualTo(new RefreshTokenLifetime(Duration.ofDays(180), false, Duration.ofDays(7)));
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("saas-connect.providers.gmail.options.publishing-status")
                    .contains("7 days");
        }
    }

    @Test
    void aTestingConsentScreenDoesNotLimitSignInScopes() {
        try (LogCapture log = LogCapture.of(GoogleProviderType.class)) {
            ProviderDescriptor d = type.register(Settings.of("google")
                            .scopes("email", "https://www.googleapis.com/auth/userinfo.profile")
                            .option("publishing-status", "testing")
                            .build())
                    .descriptor();

            assertThat(d.refreshTokenLifetime()).isEqualTo(RefreshTokenLifetime.idle(Duration.ofDays(180)));
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void publishingStatusTakesProductionOrTesting() {
        assertThat(type.register(Settings.of("google")
                                .option("publishing-status", "production")
                                .build())
                        .descriptor()
                        .refreshTokenLifetime())
                .isEqualTo(RefreshTokenLifetime.idle(Duration.ofDays(180)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("google")
                        .id("gmail")
                        .option("publishing-status", "published")
                        .build()))
                .withMessageContaining("saas-connect.providers.gmail.options.publishing-status")
                .withMessageContaining("[production, testing]");
    }

    @Test
    void anyOtherProviderOptionIsRejectedNamingTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(
                        Settings.of("google").id("gmail").option("tenant", "x").build()))
                .withMessageContaining("saas-connect.providers.gmail.options.tenant")
                .withMessageContaining("[issuer, publishing-status]");
    }
}
