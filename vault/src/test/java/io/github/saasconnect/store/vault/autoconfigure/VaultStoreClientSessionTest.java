package io.github.saasconnect.store.vault.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.store.vault.TestVaultClients;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.ReactiveVaultOperations;

/**
 * The store's own Vault client keeps a periodic token alive (Spring Vault's session manager renews it through
 * {@code auth/token/renew-self} before its TTL ends, on a scheduler the test drives; the test kit's Vault expires
 * tokens on its own clock), never revokes a configured token, and trusts a self-signed Vault through an SSL bundle.
 */
class VaultStoreClientSessionTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PERIOD = Duration.ofHours(24);
    private static final String KEY = "secret/data/saas-connect/connections/probe";

    private final MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");
    private final ManualTaskScheduler scheduler = new ManualTaskScheduler();

    private static SaasConnectVaultStoreProperties properties(URI uri, String token) {
        SaasConnectVaultStoreProperties p = new SaasConnectVaultStoreProperties();
        p.setUri(uri);
        p.setToken(token);
        return p;
    }

    private VaultTestServer periodicTokenVault() {
        return VaultTestServer.start(VaultTestServer.options()
                .clock(clock)
                .periodicToken("periodic", TestVaultClients.STORE_POLICY, PERIOD));
    }

    @Test
    void aPeriodicTokenIsRenewedBeforeItsTtlEndsAndOutlivesItsFirstPeriod() throws Exception {
        try (VaultTestServer vault = periodicTokenVault();
                VaultStoreClient client =
                        VaultStoreClient.create(properties(vault.uri(), "periodic"), null, scheduler)) {
            ReactiveVaultOperations vaultOps = client.operations();
            assertThat(vaultOps.read(KEY).block(TIMEOUT)).isNull();
            assertThat(scheduler.awaitScheduled(TIMEOUT))
                    .as("a renewal was scheduled")
                    .isTrue();

            clock.advance(Duration.ofHours(23));
            scheduler.runNext(TIMEOUT);
            vault.awaitRequest(r -> r.vaultPath().equals("auth/token/renew-self") && r.status() == 200, TIMEOUT);
            assertThat(scheduler.awaitScheduled(TIMEOUT))
                    .as("the next renewal was scheduled")
                    .isTrue();
            clock.advance(Duration.ofHours(2));

            // 25 hours after the token was created: alive only because it was renewed
            assertThat(vaultOps.read(KEY).block(TIMEOUT)).isNull();
        }
    }

    @Test
    void withoutRenewalTheSameTokenExpiresAfterItsPeriod() {
        try (VaultTestServer vault = periodicTokenVault();
                VaultStoreClient client =
                        VaultStoreClient.create(properties(vault.uri(), "periodic"), null, scheduler)) {
            assertThat(client.operations().read(KEY).block(TIMEOUT)).isNull();

            clock.advance(Duration.ofHours(25));

            assertThatThrownBy(() -> client.operations().read(KEY).block(TIMEOUT))
                    .isInstanceOf(VaultException.class)
                    .hasMessageContaining("403");
        }
    }

    @Test
    void closingTheClientNeverRevokesTheConfiguredToken() {
        try (VaultTestServer vault = periodicTokenVault()) {
            VaultStoreClient client = VaultStoreClient.create(properties(vault.uri(), "periodic"), null, scheduler);
            client.operations().read(KEY).block(TIMEOUT);

            client.close();

            assertThat(vault.requests()).noneMatch(r -> r.vaultPath().equals("auth/token/revoke-self"));
            assertThat(TestVaultClients.reactive(vault.uri(), "periodic")
                            .read(KEY)
                            .block(TIMEOUT))
                    .isNull();
        }
    }

    @Test
    void aNonRenewableTokenSchedulesNoRenewal() throws Exception {
        try (VaultTestServer vault =
                        VaultTestServer.start(VaultTestServer.options().clock(clock));
                VaultStoreClient client =
                        VaultStoreClient.create(properties(vault.uri(), vault.token()), null, scheduler)) {
            assertThat(client.operations().read(KEY).block(TIMEOUT)).isNull();

            assertThat(scheduler.awaitScheduled(Duration.ofMillis(200))).isFalse();
        }
    }

    private ApplicationContextRunner runner(VaultTestServer vault) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SslAutoConfiguration.class,
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectVaultStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=vault",
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.token=" + vault.token())
                .withPropertyValues(AcmeRegistration.PROPERTIES);
    }

    @Test
    void aSelfSignedVaultIsTrustedThroughAnSslBundle() {
        try (VaultTestServer vault =
                VaultTestServer.start(VaultTestServer.options().tls(true))) {
            runner(vault)
                    .withPropertyValues(
                            "spring.ssl.bundle.pem.vault.truststore.certificate=" + VaultTestServer.tlsCertificatePem(),
                            "saas-connect.store.vault.ssl.bundle=vault")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        VaultTokenStore store = ctx.getBean(VaultTokenStore.class);
                        assertThat(ctx.getBean(VaultStoreClient.class)
                                        .operations()
                                        .write(KEY, Map.of("data", Map.of("k", "v")))
                                        .block(TIMEOUT))
                                .isNotNull();
                        assertThat(store).isNotNull();
                        assertThat(vault.readCurrent("saas-connect/connections/probe"))
                                .isPresent();
                    });
        }
    }

    @Test
    void withoutTheBundleTheSelfSignedCertificateIsRefused() {
        try (VaultTestServer vault =
                VaultTestServer.start(VaultTestServer.options().tls(true))) {
            SaasConnectVaultStoreProperties p = properties(vault.uri(), vault.token());
            try (VaultStoreClient client = VaultStoreClient.create(p, null, scheduler)) {
                assertThatThrownBy(() -> client.operations().read(KEY).block(TIMEOUT))
                        .hasStackTraceContaining("SSLHandshakeException");
            }
        }
    }

    @Test
    void anUnknownBundleStopsStartupNamingTheProperty() {
        try (VaultTestServer vault =
                VaultTestServer.start(VaultTestServer.options().tls(true))) {
            runner(vault)
                    .withPropertyValues("saas-connect.store.vault.ssl.bundle=nope")
                    .run(ctx -> assertThat(ctx)
                            .hasFailed()
                            .getFailure()
                            .rootCause()
                            .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                            .hasMessageContaining("saas-connect.store.vault.ssl.bundle")
                            .hasMessageContaining("nope"));
        }
    }
}
