package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * DocuSign's JWT grant configured by properties alone: a valid key mints against the DocuSign sandbox on 127.0.0.1,
 * a malformed PEM or a key of the wrong type stops startup naming the property.
 */
class DocuSignJwtGrantPropertiesTest {

    private final MutableClock clock = MutableClock.startingNow();
    private final DocuSignSandbox docusign =
            DocuSignSandbox.start(SandboxOptions.defaults().withClock(clock));

    @AfterEach
    void stop() {
        docusign.close();
    }

    private ApplicationContextRunner runner(String key) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
                .withBean(Clock.class, () -> clock)
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.esign.type=docusign",
                        "saas-connect.providers.esign.client-id="
                                + docusign.client().clientId(),
                        "saas-connect.providers.esign.client-secret="
                                + docusign.client().clientSecret(),
                        "saas-connect.providers.esign.redirect-uri=https://app.example.com/docusign/consent",
                        "saas-connect.providers.esign.options.oauth-base-url=" + docusign.baseUrl(),
                        "saas-connect.providers.esign.app.private-key.pem=" + key);
    }

    @Test
    void theIntegrationKeysRsaKeyByPropertiesMintsForAConsentedUser() {
        docusign.appPublicKey(TestKeys.APP.publicKey());
        SandboxUser alice = docusign.user("alice");
        docusign.consentToImpersonation(alice);

        runner(TestKeys.APP.privateKeyPem()).run(ctx -> {
            AccessToken token = ctx.getBean(TokenManager.class)
                    .accessToken(ConnectionId.app("esign", alice.id()))
                    .block(Duration.ofSeconds(20));

            assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
            assertThat(docusign.requestCount(Endpoint.TOKEN)).isEqualTo(1);
        });
    }

    @Test
    void aMalformedKeyFailsStartupNamingTheProperty() {
        runner("-----BEGIN PRIVATE KEY-----\nnot-base64!\n-----END PRIVATE KEY-----")
                .run(ctx -> assertThat(ctx.getStartupFailure())
                        .rootCause()
                        .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                        .hasMessageContaining("saas-connect.providers.esign.app.private-key.pem"));
    }

    @Test
    void aKeyOfTheWrongTypeFailsStartupNamingTheProperty() {
        runner(TestKeys.ecPrivateKeyPem())
                .run(ctx -> assertThat(ctx.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("saas-connect.providers.esign.app.private-key.pem")
                        .hasMessageContaining("wrong type"));
    }
}
