package io.github.saasconnect.provider.docusign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.saasconnect.oauth2.AuthorizationRequestUri;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.testing.LogCapture;
import io.github.saasconnect.provider.testing.Settings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DocuSignProviderTypeTest {

    private final DocuSignProviderType type = new DocuSignProviderType();

    @Test
    void demoEnvironmentUsesTheDeveloperAccountServer() {
        ProviderDescriptor d = type.register(
                        Settings.of("docusign").option("environment", "demo").build())
                .descriptor();

        assertThat(d.authorizationUri()).hasToString("https://account-d.docusign.com/oauth/auth");
        assertThat(d.tokenUri()).hasToString("https://account-d.docusign.com/oauth/token");
        assertThat(d.revocationUri()).isNull();
        assertThat(d.apiBaseUri()).isNull();
        assertThat(d.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_BASIC);
        assertThat(d.rotation()).isEqualTo(RefreshTokenRotation.STRICT);
        assertThat(d.refreshTokenLifetime()).isEqualTo(RefreshTokenLifetime.idle(Duration.ofDays(30)));
        assertThat(d.defaultAccessTokenLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(d.requiredScopes()).containsExactly("extended");
    }

    @Test
    void productionEnvironmentUsesTheProductionAccountServer() {
        ProviderDescriptor d = type.register(Settings.of("docusign")
                        .option("environment", "Production")
                        .build())
                .descriptor();

        assertThat(d.tokenUri()).hasToString("https://account.docusign.com/oauth/token");
    }

    @Test
    void oauthBaseUrlNamesTheAccountServerDirectly() {
        ProviderDescriptor d = type.register(Settings.of("docusign")
                        .option("oauth-base-url", "https://account-s.docusign.com")
                        .build())
                .descriptor();

        assertThat(d.tokenUri()).hasToString("https://account-s.docusign.com/oauth/token");
    }

    @Test
    void environmentIsRequired() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("docusign").id("ds").build()))
                .withMessageContaining("saas-connect.providers.ds.options.environment")
                .withMessageContaining("[demo, production]");
    }

    @Test
    void unknownEnvironmentIsRejectedNamingTheAllowedValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("docusign")
                        .id("ds")
                        .option("environment", "stage")
                        .build()))
                .withMessageContaining("saas-connect.providers.ds.options.environment")
                .withMessageContaining("[demo, production]");
    }

    @Test
    void environmentAndOauthBaseUrlTogetherAreAmbiguous() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("docusign")
                        .option("environment", "demo")
                        .option("oauth-base-url", "https://account-d.docusign.com")
                        .build()))
                .withMessageContaining("set only one");
    }

    @Test
    void extendedIsAddedToTheConfiguredScopes() {
        ProviderRegistration r = type.register(Settings.of("docusign")
                .option("environment", "demo")
                .scopes("signature")
                .build());

        URI url = AuthorizationRequestUri.build(r, URI.create("http://127.0.0.1/cb"), "s", null);

        assertThat(url.getRawQuery()).contains("scope=signature%20extended");
    }

    @Test
    void turningExtendedOffDropsItAndWarnsAboutThirtyDayReconnects() {
        try (LogCapture log = LogCapture.of(DocuSignProviderType.class)) {
            ProviderRegistration r = type.register(Settings.of("docusign")
                    .id("ds")
                    .option("environment", "demo")
                    .option("extended-scope", "false")
                    .scopes("signature")
                    .build());

            assertThat(r.requestedScopes()).containsExactly("signature");
            assertThat(r.descriptor().refreshTokenLifetime())
                    .as("no idle keep-alive helps; the end is 30 days after consent, for the expiring event")
                    .isEqualTo(RefreshTokenLifetime.fromConsent(Duration.ofDays(30)));
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("saas-connect.providers.ds.options.extended-scope")
                    .contains("30 days");
        }
    }

    @Test
    void extendedInScopesWhileTurnedOffIsAContradiction() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("docusign")
                        .option("environment", "demo")
                        .option("extended-scope", "false")
                        .scopes("signature", "extended")
                        .build()))
                .withMessageContaining("remove one");
    }

    @Test
    void extendedScopeTakesOnlyTrueOrFalse() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("docusign")
                        .id("ds")
                        .option("environment", "demo")
                        .option("extended-scope", "no")
                        .build()))
                .withMessageContaining("saas-connect.providers.ds.options.extended-scope")
                .withMessageContaining("[true, false]");
    }
}
