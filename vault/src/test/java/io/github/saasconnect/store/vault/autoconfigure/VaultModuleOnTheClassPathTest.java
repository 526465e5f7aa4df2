package io.github.saasconnect.store.vault.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connect.PendingAuthorizationStore;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.vault.VaultPendingAuthorizationStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * An application with saas-connect-vault beside the starter's modules, auto-configured from the jars' own
 * registrations (no list of auto-configurations in the test): {@code store.type=vault} gives the Vault store, and
 * the module alone changes nothing for an application on the file store.
 */
class VaultModuleOnTheClassPathTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final VaultTestServer vault = VaultTestServer.start();

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void storeTypeVaultKeepsConnectionsAndPendingAuthorizationsInVault() {
        try (ConfigurableApplicationContext app = application().properties("saas-connect.store.type=vault",
                "saas-connect.store.vault.uri=" + vault.uri(), "saas-connect.store.vault.token=" + vault.token())
                .run()) {
            TokenStore store = app.getBean(TokenStore.class);
            assertThat(store).isInstanceOf(VaultTokenStore.class);
            assertThat(app.getBean(PendingAuthorizationStore.class)).isInstanceOf(VaultPendingAuthorizationStore.class);
            assertThat(app.getBeansOfType(TokenManager.class)).hasSize(1);

            assertThat(store.write(record("alice"), 0).block(TIMEOUT)).isEqualTo(1);
            assertThat(vault.requests()).anySatisfy(r -> assertThat(r.path())
                    .contains("/secret/data/saas-connect/connections/acme/"));
            assertThat(dir.resolve("tokens")).doesNotExist();
        }
    }

    @Test
    void theModuleAloneLeavesAnApplicationOnTheFileStore() {
        try (ConfigurableApplicationContext app = application().run()) {
            assertThat(app.getBean(TokenStore.class)).isInstanceOf(FileTokenStore.class);
            assertThat(app.getBeansOfType(VaultStoreClient.class)).isEmpty();
            assertThat(vault.requests()).isEmpty();
        }
    }

    private SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(
                "saas-connect.store.file.directory=" + dir.resolve("tokens"),
                "saas-connect.providers.acme.type=oauth2",
                "saas-connect.providers.acme.client-id=acme-client",
                "saas-connect.providers.acme.client-secret=acme-secret",
                "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token");
    }

    private static ConnectionRecord record(String owner) {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        return new ConnectionRecord(ConnectionRecord.CURRENT_SCHEMA, ConnectionId.of("acme", owner),
                ConnectionStatus.ACTIVE, Secret.of("rt"), null, Secret.of("at"), now.plusSeconds(3600), "Bearer",
                Set.of("read"), Map.of(), now, now, null, null, "g1");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }
}
