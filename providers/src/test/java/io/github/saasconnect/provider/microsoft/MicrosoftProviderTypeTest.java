package io.github.saasconnect.provider.microsoft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.saasconnect.oauth2.AuthorizationRequestUri;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.testing.Settings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MicrosoftProviderTypeTest {

    private final MicrosoftProviderType type = new MicrosoftProviderType();

    @Test
    void defaultsToTheCommonTenantOfTheGlobalCloud() {
        ProviderDescriptor d = type.register(Settings.of("microsoft").build()).descriptor();

        assertThat(d.authorizationUri()).hasToString("https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
        assertThat(d.tokenUri()).hasToString("https://login.microsoftonline.com/common/oauth2/v2.0/token");
        assertThat(d.revocationUri()).isNull();
        assertThat(d.apiBaseUri()).hasToString("https://graph.microsoft.com");
        assertThat(d.clientAuthentication()).isEqualTo(ClientAuthentication.CLIENT_SECRET_POST);
        assertThat(d.rotation()).isEqualTo(RefreshTokenRotation.ROTATES_OLD_STAYS_VALID);
        assertThat(d.refreshTokenLifetime().maxIdle()).isEqualTo(Duration.ofDays(90));
        assertThat(d.defaultAccessTokenLifetime()).isEqualTo(Duration.ofMinutes(60));
        assertThat(d.pkce()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "organizations, global, https://login.microsoftonline.com/organizations/oauth2/v2.0/token, https://graph.microsoft.com",
        "consumers, global, https://login.microsoftonline.com/consumers/oauth2/v2.0/token, https://graph.microsoft.com",
        "contoso.onmicrosoft.com, us-government, https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token, https://graph.microsoft.us",
        "72f988bf-86f1-41af-91ab-2d7cd011db47, china, https://login.partner.microsoftonline.cn/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token, https://microsoftgraph.chinacloudapi.cn",
        "Organizations, US-Government, https://login.microsoftonline.us/organizations/oauth2/v2.0/token, https://graph.microsoft.us"
    })
    void tenantAndCloudPickTheAuthority(String tenant, String cloud, String tokenUri, String graph) {
        ProviderDescriptor d = type.register(Settings.of("microsoft")
                        .option("tenant", tenant)
                        .option("cloud", cloud)
                        .build())
                .descriptor();

        assertThat(d.tokenUri()).hasToString(tokenUri);
        assertThat(d.apiBaseUri()).hasToString(graph);
    }

    @Test
    void authorityHostNamesTheHostDirectly() {
        ProviderDescriptor d = type.register(Settings.of("microsoft")
                        .option("authority-host", "https://login.example.com/")
                        .option("tenant", "organizations")
                        .build())
                .descriptor();

        assertThat(d.authorizationUri()).hasToString("https://login.example.com/organizations/oauth2/v2.0/authorize");
    }

    @Test
    void offlineAccessOpenidAndProfileAreAlwaysRequested() {
        ProviderRegistration r = type.register(
                Settings.of("microsoft").scopes("User.Read", "Mail.Read").build());

        URI url = AuthorizationRequestUri.build(r, URI.create("http://127.0.0.1/cb"), "s", null);

        assertThat(r.requestedScopes())
                .containsExactly("User.Read", "Mail.Read", "openid", "profile", "offline_access");
        assertThat(url.getRawQuery()).contains("scope=User.Read%20Mail.Read%20openid%20profile%20offline_access");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my tenant", "contoso", "http://x", "common/../x"})
    void invalidTenantIsRejectedNamingThePropertyAndTheAllowedValues(String tenant) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("microsoft")
                        .id("ms")
                        .option("tenant", tenant)
                        .build()))
                .withMessageContaining("saas-connect.providers.ms.options.tenant")
                .withMessageContaining("[common, organizations, consumers]")
                .withMessageContaining("GUID");
    }

    @Test
    void unknownCloudIsRejectedNamingTheAllowedValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("microsoft")
                        .id("ms")
                        .option("cloud", "germany")
                        .build()))
                .withMessageContaining("saas-connect.providers.ms.options.cloud")
                .withMessageContaining("[global, us-government, china]");
    }

    @Test
    void cloudAndAuthorityHostTogetherAreAmbiguous() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("microsoft")
                        .option("cloud", "china")
                        .option("authority-host", "https://login.example.com")
                        .build()))
                .withMessageContaining("set only one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"login.microsoftonline.com", "http://login.example.com", "https://h/?x=1"})
    void authorityHostMustBeAnAbsoluteHttpsUrl(String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("microsoft")
                        .id("ms")
                        .option("authority-host", value)
                        .build()))
                .withMessageContaining("saas-connect.providers.ms.options.authority-host");
    }

    @Test
    void unknownOptionIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> type.register(Settings.of("microsoft")
                        .id("ms")
                        .option("tennant", "common")
                        .build()))
                .withMessageContaining("saas-connect.providers.ms.options.tennant")
                .withMessageContaining("[authority-host, cloud, tenant]");
    }
}
