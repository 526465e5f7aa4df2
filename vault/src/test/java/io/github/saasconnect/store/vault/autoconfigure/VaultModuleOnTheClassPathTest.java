package io.github.saasconnect.store.vault.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.vault.VaultPendingAuthorizationStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Path;
import java.time.Duration;
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
        try (ConfigurableApplicationContext app = application()
                .properties(
                        "saas-connect.store.type=vault",
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.token=" + vault.token())
                .run()) {
            TokenStore store = app.getBean(TokenStore.class);
            assertThat(store).isInstanceOf(VaultTokenStore.class);
            assertThat(app.getBean(PendingAuthorizationStore.class)).isInstanceOf(VaultPendingAuthorizationStore.class);
            assertThat(app.getBeansOfType(TokenManager.class)).hasSize(1);

            assertThat(store.write(AcmeRegistration.connection("alice"), 0).block(TIMEOUT))
                    .isEqualTo(1);
            assertThat(vault.requests())
                    .anySatisfy(r -> assertThat(r.path()).contains("/secret/data/saas-connect/connections/acme/"));
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
        return new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .properties("saas-connect.store.file.directory=" + dir.resolve("tokens"))
                .properties(AcmeRegistration.PROPERTIES);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {}
}
