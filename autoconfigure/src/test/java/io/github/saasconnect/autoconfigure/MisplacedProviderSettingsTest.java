package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.provider.PagingStyle;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RateLimitSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Keys under {@code saas-connect.providers.<id>} that no setting reads fail startup, naming the key and where it
 * belongs, instead of being dropped by the binder; so do provider options that the registration's type does not read.
 */
class MisplacedProviderSettingsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
            .withPropertyValues("saas-connect.store.type=memory");

    @Test
    void anOptionBesideTheCommonSettingsFailsStartupSayingItBelongsUnderOptions() {
        runner.withPropertyValues(
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ms.authority-host=https://login.proxy.example.com")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.ms.authority-host")
                        .hasMessageContaining("not a setting of a registration")
                        .hasMessageContaining("Move it to saas-connect.providers.ms.options.authority-host")
                        .hasMessageContaining("option of provider type 'microsoft'"));
    }

    @Test
    void aDocuSignOauthBaseUrlBesideTheOtherKeysIsNamedInsteadOfTheEnvironmentItReplaces() {
        runner.withPropertyValues(
                        "saas-connect.providers.ds.type=docusign",
                        "saas-connect.providers.ds.client-id=integration-key",
                        "saas-connect.providers.ds.oauth-base-url=https://account-s.docusign.com")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.ds.oauth-base-url")
                        .hasMessageContaining("Move it to saas-connect.providers.ds.options.oauth-base-url")
                        .hasMessageNotContaining("environment"));
    }

    @Test
    void aMisplacedOptionInAYamlFileIsReportedWithTheFileAndLine() {
        runner.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(yaml("""
                saas-connect:
                  providers:
                    docusign:
                      type: docusign
                      client-id: integration-key
                      oauth-base-url: https://account-s.docusign.com
                """)))
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.docusign.oauth-base-url")
                        .hasMessageContaining("(class path resource [application.yml] - 6:"));
    }

    @Test
    void aMisspeltSettingGetsTheNearestSettingAndTheListWithoutItsValue() {
        runner.withPropertyValues(
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=acme",
                        "saas-connect.providers.acme.client-secrte=very-secret-value-42",
                        "saas-connect.providers.acme.token-uri=https://id.acme.example/token",
                        "saas-connect.providers.acme.authorization-uri=https://id.acme.example/authorize")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.acme.client-secrte")
                        .hasMessageContaining("Did you mean saas-connect.providers.acme.client-secret?")
                        .hasMessageContaining("[accounts, api-base-uri, api-hosts, authorization-parameters, "
                                + "authorization-uri, client-authentication, client-id, client-secret, "
                                + "from-spring-security, on-account-change, optional-scopes, options, pkce, "
                                + "redirect-uri, "
                                + "refresh-skew, revocation-uri, scopes, token-uri, type]")
                        .hasMessageContaining(
                                "'oauth2' takes the options [access-token-lifetime, issuer-uri, jwk-set-uri, "
                                        + "paging, rate-limit, refresh-token-lifetime, rotation, token-parameters] under options")
                        .hasMessageNotContaining("very-secret-value-42"));
    }

    @Test
    void aMisspeltOptionSuggestsTheOptionUnderOptions() {
        runner.withPropertyValues(
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ms.autority-host=https://login.proxy.example.com")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.ms.autority-host")
                        .hasMessageContaining("Did you mean saas-connect.providers.ms.options.authority-host?"));
    }

    @Test
    void aMisspeltTypeKeyIsReportedRatherThanAMissingType() {
        runner.withPropertyValues("saas-connect.providers.gh.typ=github", "saas-connect.providers.gh.client-id=x")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.gh.typ")
                        .hasMessageContaining("Did you mean saas-connect.providers.gh.type?"));
    }

    @Test
    void keysBelowASingleValueFailStartupPointingAtTheIndentation() {
        runner.withPropertyValues(
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ms.cloud.authority-host=https://login.proxy.example.com")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.ms.cloud.authority-host")
                        .hasMessageContaining("'cloud' takes a value, not settings below it")
                        .hasMessageContaining("indentation"));
    }

    @Test
    void anUnknownOptionUnderOptionsFailsStartupListingTheTypesOptions() {
        runner.withPropertyValues(
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ms.options.tennant=contoso.onmicrosoft.com")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.ms.options.tennant")
                        .hasMessageContaining("not an option of provider type 'microsoft'")
                        .hasMessageContaining("Did you mean saas-connect.providers.ms.options.tenant?")
                        .hasMessageContaining("[authority-host, cloud, tenant]"));
        runner.withPropertyValues(
                        "saas-connect.providers.bb.type=bitbucket",
                        "saas-connect.providers.bb.client-id=k",
                        "saas-connect.providers.bb.options.workspace=acme")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.bb.options.workspace")
                        .hasMessageContaining("'bitbucket' takes no options"));
    }

    @Test
    void anOptionOfAnotherProviderTypeFailsStartupNamingTheTypeThatTakesIt() {
        runner.withPropertyValues(
                        "saas-connect.providers.gh.type=github",
                        "saas-connect.providers.gh.client-id=x",
                        "saas-connect.providers.gh.options.tenant=organizations")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.gh.options.tenant")
                        .hasMessageContaining("not an option of provider type 'github' but of 'microsoft'")
                        .hasMessageContaining("fix saas-connect.providers.gh.type")
                        .hasMessageContaining("[api-base-url, app-type, web-base-url]"));
        // the shortcut beside the common settings: bound, then checked against the type like options.<name>
        runner.withPropertyValues(
                        "saas-connect.providers.go.type=google",
                        "saas-connect.providers.go.client-id=x",
                        "saas-connect.providers.go.environment=demo")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.go.environment")
                        .hasMessageContaining("not an option of provider type 'google' but of 'docusign'"));
        // an option of another type beside the common settings
        runner.withPropertyValues(
                        "saas-connect.providers.go.type=google",
                        "saas-connect.providers.go.client-id=x",
                        "saas-connect.providers.go.oauth-base-url=https://account-s.docusign.com")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.go.oauth-base-url")
                        .hasMessageContaining(
                                "'oauth-base-url' is an option of provider type 'docusign', not of " + "'google'"));
    }

    @Test
    void theGenericTypeRejectsProviderOptionsItDoesNotRead() {
        runner.withPropertyValues(
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=a",
                        "saas-connect.providers.acme.token-uri=https://id.acme.example/token",
                        "saas-connect.providers.acme.authorization-uri=https://id.acme.example/authorize",
                        "saas-connect.providers.acme.tenant=organizations")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.acme.tenant")
                        .hasMessageContaining("not an option of provider type 'oauth2' but of 'microsoft'"));
    }

    @Test
    void aCommonSettingUnderOptionsIsSentBackBesideTheOthers() {
        runner.withPropertyValues(
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=a",
                        "saas-connect.providers.acme.authorization-uri=https://id.acme.example/authorize",
                        "saas-connect.providers.acme.options.token-uri=https://id.acme.example/token")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.acme.options.token-uri")
                        .hasMessageContaining("move it to saas-connect.providers.acme.token-uri"));
    }

    @Test
    void anOptionSetBothBesideTheOthersAndUnderOptionsFailsStartup() {
        runner.withPropertyValues(
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ms.tenant=organizations",
                        "saas-connect.providers.ms.options.tenant=consumers")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.ms.options.tenant")
                        .hasMessageContaining("so is saas-connect.providers.ms.tenant"));
    }

    @Test
    void everyOptionInItsPlaceAndEveryRelaxedFormStarts() {
        runner.withPropertyValues(
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.clientId=11111111-2222-3333-4444-555555555555",
                        "saas-connect.providers.ms.tenant=organizations",
                        "saas-connect.providers.ms.options.authority-host=https://login.proxy.example.com",
                        "saas-connect.providers.ms.scopes[0]=User.Read",
                        "saas-connect.providers.ms.scopes[1]=Mail.Read",
                        "saas-connect.providers.ms.authorization-parameters.login_hint=alice@example.com",
                        "saas-connect.providers.ms.refresh-skew=2m",
                        "saas-connect.providers.ds.type=docusign",
                        "saas-connect.providers.ds.client-id=integration-key",
                        "saas-connect.providers.ds.options.oauth-base-url=https://account-s.docusign.com",
                        "saas-connect.providers.ds.account-id=8a1f",
                        "saas-connect.providers.ds.options.extended-scope=true",
                        "saas-connect.providers.gh.type=github",
                        "saas-connect.providers.gh.client-id=Iv1.abc",
                        "saas-connect.providers.gh.app-type=oauth-app",
                        "saas-connect.providers.gh.options.web-base-url=https://ghe.example.com",
                        "saas-connect.providers.go.type=google",
                        "saas-connect.providers.go.client-id=g",
                        "saas-connect.providers.go.publishing-status=testing",
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=a",
                        "saas-connect.providers.acme.token-uri=https://id.acme.example/token",
                        "saas-connect.providers.acme.authorization-uri=https://id.acme.example/authorize",
                        "saas-connect.providers.acme.options.rotation=none")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ProviderRegistry registry = ctx.getBean(ProviderRegistry.class);
                    assertThat(registry.get("ms").descriptor().tokenUri())
                            .hasToString("https://login.proxy.example.com/organizations/oauth2/v2.0/token");
                    assertThat(registry.get("ds").descriptor().tokenUri())
                            .hasToString("https://account-s.docusign.com/oauth/token");
                    assertThat(registry.get("gh").descriptor().tokenUri())
                            .hasToString("https://ghe.example.com/login/oauth/access_token");
                });
    }

    @Test
    void a01ShortcutInAnEnvironmentVariableIsStillReadThoughTheBinderDropsIt() {
        runner.withInitializer(ctx -> ctx.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "systemEnvironment", Map.of("SAAS_CONNECT_PROVIDERS_MS_TENANT", "organizations"))))
                .withPropertyValues(
                        "saas-connect.providers.ms.type=microsoft",
                        "saas-connect.providers.ms.client-id=11111111-2222-3333-4444-555555555555")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(ProviderRegistry.class)
                                    .get("ms")
                                    .descriptor()
                                    .tokenUri())
                            .hasToString("https://login.microsoftonline.com/organizations/oauth2/v2.0/token");
                });
    }

    @Test
    void aGenericOAuth2ProviderIsDescribedByYamlOptionsAloneNestedMapOptionsIncluded() {
        runner.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(yaml("""
                saas-connect:
                  providers:
                    forge:
                      type: oauth2
                      client-id: forge-client
                      authorization-uri: https://forge.example/oauth/authorize
                      token-uri: https://forge.example/oauth/token
                      options:
                        paging: none
                        rate-limit: retry-after
                        refresh-token-lifetime: 30d
                        token-parameters:
                          audience: https://api.forge.example
                """)))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ProviderDescriptor forge =
                            ctx.getBean(ProviderRegistry.class).get("forge").descriptor();
                    assertThat(forge.pagingStyle()).isEqualTo(PagingStyle.NONE);
                    assertThat(forge.rateLimitSignals()).isEqualTo(RateLimitSignals.RETRY_AFTER);
                    assertThat(forge.refreshTokenLifetime().maxIdle()).isEqualTo(Duration.ofDays(30));
                    assertThat(forge.tokenParameters())
                            .containsExactly(Map.entry("audience", "https://api.forge.example"));
                });
    }

    @Test
    void aValueOutsideAnOptionsAllowedValuesFailsStartupNamingThemAll() {
        runner.withPropertyValues(
                        "saas-connect.providers.forge.type=oauth2",
                        "saas-connect.providers.forge.client-id=forge-client",
                        "saas-connect.providers.forge.authorization-uri=https://forge.example/oauth/authorize",
                        "saas-connect.providers.forge.token-uri=https://forge.example/oauth/token",
                        "saas-connect.providers.forge.options.paging=cursor")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.providers.forge")
                        .hasMessageContaining(
                                "saas-connect.providers.forge.options.paging is 'cursor' but must be one of "
                                        + "[link-header, none]"));
    }

    /** The startup failure's cause, checked to name {@code property} as the one to fix. */
    static AbstractThrowableAssert<?, ? extends Throwable> failure(Throwable startupFailure, String property) {
        assertThat(startupFailure).isNotNull();
        assertThat(startupFailure).rootCause().isInstanceOf(InvalidSaasConnectConfigurationException.class);
        InvalidSaasConnectConfigurationException cause =
                (InvalidSaasConnectConfigurationException) rootCause(startupFailure);
        assertThat(cause.property()).isEqualTo(property);
        return assertThat(cause).hasMessageStartingWith(property + ": ");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static PropertySource<?> yaml(String text) {
        try {
            return new YamlPropertySourceLoader()
                    .load("application.yml", new ByteArrayResource(text.getBytes()) {
                        @Override
                        public String getDescription() {
                            return "class path resource [application.yml]";
                        }
                    })
                    .get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
