package io.github.saasconnect.store.vault.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.vault.TestVaultClients;
import io.github.saasconnect.store.vault.VaultStoreLayout;
import io.github.saasconnect.store.vault.VaultTransitKeyWrapper;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code store.type=vault} with {@code transit.wrapping-key}: the store seals its secrets' tokens with Transit. */
class VaultStoreTransitWrappingAutoConfigurationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final VaultTestServer vault =
            VaultTestServer.start(VaultTestServer.options().transitMount("transit"));

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void theVaultStoreSealsTokensWithTheTransitWrappingKey() {
        TestVaultClients.blocking(vault.uri(), vault.token()).write("transit/keys/records", Map.of("derived", true));

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectVaultStoreAutoConfiguration.class,
                        SaasConnectVaultTransitAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=vault",
                        "saas-connect.store.vault.uri=" + vault.uri(),
                        "saas-connect.store.vault.token=" + vault.token(),
                        "saas-connect.store.vault.transit.wrapping-key=records")
                .withPropertyValues(AcmeRegistration.PROPERTIES)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(VaultTransitKeyWrapper.class);
                    TokenStore store = ctx.getBean(TokenStore.class);
                    store.write(AcmeRegistration.connection("alice"), 0).block(TIMEOUT);

                    ConnectionId alice = ConnectionId.of("acme", "alice");
                    assertThat(vault.readCurrent(VaultStoreLayout.defaults().keyPath(alice))
                                    .orElseThrow())
                            .doesNotContainKeys("access_token", "refresh_token")
                            .containsKey("sealed_tokens");
                    assertThat(store.read(alice)
                                    .block(TIMEOUT)
                                    .record()
                                    .accessToken()
                                    .reveal())
                            .isEqualTo("at");
                });
    }
}
