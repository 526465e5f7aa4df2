package io.github.saasconnect.store.vault.transit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.vault.TestVaultClients;
import io.github.saasconnect.store.vault.autoconfigure.SaasConnectVaultStoreAutoConfiguration;
import io.github.saasconnect.store.vault.autoconfigure.SaasConnectVaultTransitAutoConfiguration;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.vault.Capability;
import io.github.saasconnect.testkit.vault.RecordedRequest;
import io.github.saasconnect.testkit.vault.VaultPolicy;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.github.saasconnect.token.TokenManager;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.vault.core.VaultTemplate;

/**
 * {@code app.private-key.ref=vault-transit:<key>}: a GitHub App's JWT is signed inside Vault Transit by a token
 * that may do nothing but sign with that key, and GitHub (the sandbox, holding only the public key Vault reports)
 * accepts it for an installation token. Startup stops, naming the property, for an unknown key or one of the
 * wrong type.
 */
class VaultTransitAppKeyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String REF = "saas-connect.providers.github.app.private-key.ref";

    private final VaultTestServer vault = VaultTestServer.start(VaultTestServer.options()
            .transitMount("transit")
            .token(
                    "sign-only",
                    VaultPolicy.named("github-app-signer").allow("transit/sign/github-app", Capability.UPDATE)));
    private final VaultTemplate root = TestVaultClients.blocking(vault.uri(), vault.token());
    private final GitHubSandbox github = GitHubSandbox.start(SandboxOptions.defaults());

    @AfterEach
    void stop() {
        github.close();
        vault.close();
    }

    private ApplicationContextRunner runner(String reference, String... more) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectVaultStoreAutoConfiguration.class,
                        SaasConnectVaultTransitAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.keep-alive.enabled=false",
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.token=sign-only",
                        "saas-connect.providers.github.type=github",
                        "saas-connect.providers.github.client-id="
                                + github.client().clientId(),
                        "saas-connect.providers.github.client-secret="
                                + github.client().clientSecret(),
                        "saas-connect.providers.github.web-base-url=" + github.webBaseUrl(),
                        "saas-connect.providers.github.api-base-url=" + github.apiBaseUrl(),
                        "saas-connect.providers.github.app.issuer=" + github.appId(),
                        REF + "=" + reference)
                .withPropertyValues(more);
    }

    @Test
    void aSignOnlyTokenMintsAnInstallationTokenWithoutTheAppEverReadingTheKey() throws Exception {
        TransitKeys.create(root, "github-app", Map.of("type", "rsa-2048", "exportable", false));
        RSAPublicKey published = (RSAPublicKey) TransitKeys.publicKey(root, "github-app", 1, "RSA");
        github.appPublicKey(published);
        long installation = github.installApp("acme");
        vault.clearRequests();

        runner("vault-transit:github-app").run(ctx -> {
            assertThat(ctx).hasNotFailed();
            AccessToken token = ctx.getBean(TokenManager.class)
                    .accessToken(ConnectionId.app("github", Long.toString(installation)))
                    .block(TIMEOUT);

            assertThat(token).isNotNull();
            String jwt = github.requests()
                    .last(Endpoint.APP_TOKEN)
                    .orElseThrow()
                    .header("authorization")
                    .substring("Bearer ".length());
            assertThat(SignedJWT.parse(jwt).verify(new RSASSAVerifier(published)))
                    .isTrue();
        });
        // the app's token only looked itself up (for renewal) and signed: no KV read, no key read, no export
        assertThat(vault.requests())
                .extracting(RecordedRequest::vaultPath)
                .containsOnly("auth/token/lookup-self", "transit/sign/github-app");
        assertThat(vault.requests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void anUnknownTransitKeyStopsStartupNamingTheProperty() {
        runner("vault-transit:no-such-key", "saas-connect.store.vault.token=" + vault.token())
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(REF)
                        .hasMessageContaining("encryption key not found"));
    }

    @Test
    void aKeyTheTokenMayNotSignWithStopsStartupSayingWhatToGrant() {
        TransitKeys.create(root, "other-key", Map.of("type", "rsa-2048"));

        runner("vault-transit:other-key")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(REF)
                        .hasMessageContaining("permission denied")
                        .hasMessageContaining("grant the token update on transit/sign/other-key"));
    }

    @Test
    void aKeyOfTheWrongTypeForTheAlgorithmStopsStartup() {
        TransitKeys.create(root, "github-app", Map.of("type", "ecdsa-p256"));

        runner("vault-transit:github-app")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(REF)
                        .hasMessageContaining("not an RSA key"));
    }

    @Test
    void aPemFromVaultKvSignsLocally() {
        root.write("secret/data/apps/github", Map.of("data", Map.of("private_key", TestKeys.APP.pkcs1PrivateKeyPem())));
        github.appPublicKey(TestKeys.APP.publicKey());
        long installation = github.installApp("acme");

        runner("vault-kv:secret/apps/github#private_key", "saas-connect.store.vault.token=" + vault.token())
                .run(ctx -> assertThat(ctx.getBean(TokenManager.class)
                                .accessToken(ConnectionId.app("github", Long.toString(installation)))
                                .block(TIMEOUT))
                        .isNotNull());
    }

    @Test
    void aKvReferenceWithoutAFieldStopsStartup() {
        runner("vault-kv:secret/apps/github")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(REF)
                        .hasMessageContaining("<mount>/<path>#<field>"));
    }
}
