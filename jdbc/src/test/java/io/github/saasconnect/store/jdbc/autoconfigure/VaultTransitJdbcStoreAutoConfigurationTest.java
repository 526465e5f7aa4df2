package io.github.saasconnect.store.jdbc.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.store.vault.VaultTransitKeyWrapper;
import io.github.saasconnect.store.vault.autoconfigure.SaasConnectVaultTransitAutoConfiguration;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

/**
 * {@code saas-connect.store.type=jdbc} with {@code saas-connect.store.vault.transit.wrapping-key}: the JDBC store's
 * records are wrapped by Vault Transit, without a keyring; a key that is missing or not derived stops startup.
 */
class VaultTransitJdbcStoreAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String WRAPPING_KEY = "saas-connect.store.vault.transit.wrapping-key";

    private final VaultTestServer vault =
            VaultTestServer.start(VaultTestServer.options().transitMount("transit"));
    private final VaultTemplate root =
            new VaultTemplate(VaultEndpoint.from(vault.uri()), new TokenAuthentication("root"));

    @AfterEach
    void stop() {
        vault.close();
    }

    private ApplicationContextRunner runner(String key) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        FlywayAutoConfiguration.class,
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectJdbcStoreAutoConfiguration.class,
                        SaasConnectVaultTransitAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=jdbc",
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=acme-client",
                        "saas-connect.providers.acme.client-secret=acme-secret",
                        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token",
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "spring.flyway.locations=classpath:db/saas-connect/migration",
                        "saas-connect.store.jdbc.owner-digest-key="
                                + Base64.getEncoder().encodeToString(Keyring.newKey()),
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.token=" + vault.token(),
                        WRAPPING_KEY + "=" + key);
    }

    @Test
    void theStoreWrapsWithTransitAndNeedsNoKeyring() {
        root.write("transit/keys/records", Map.of("derived", true));

        runner("records").run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(VaultTransitKeyWrapper.class);
            TokenStore store = ctx.getBean(TokenStore.class);
            ConnectionId alice = ConnectionId.of("acme", "alice");
            store.write(record(alice), 0).block(TIMEOUT);

            assertThat(store.read(alice).block(TIMEOUT).record().accessToken().reveal())
                    .isEqualTo("at");
            assertThat(JdbcClient.create(ctx.getBean(DataSource.class))
                            .sql("SELECT key_id FROM saas_connect_connection")
                            .query(String.class)
                            .single())
                    .isEqualTo("transit:records:v1");
        });
    }

    @Test
    void aWrappingKeyThatIsNotDerivedStopsStartupNamingTheProperty() {
        root.write("transit/keys/plain", Map.of());

        runner("plain")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                        .hasMessageContaining(WRAPPING_KEY)
                        .hasMessageContaining("derived=true"));
    }

    @Test
    void aMissingWrappingKeyStopsStartupNamingTheProperty() {
        runner("missing")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                        .hasMessageContaining(WRAPPING_KEY)
                        .hasMessageContaining("does not exist"));
    }

    private static ConnectionRecord record(ConnectionId id) {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        return ConnectionRecord.connected(
                id,
                new TokenSet(
                        Secret.of("at"),
                        now.plusSeconds(60),
                        "Bearer",
                        Secret.of("rt"),
                        null,
                        Set.of(),
                        null,
                        Map.of()),
                Map.of(),
                now,
                "generation-1");
    }
}
