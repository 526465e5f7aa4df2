package io.github.saasconnect.store.vault;

import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.TokenStoreContract;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import org.junit.jupiter.api.AfterEach;

/**
 * The store contract through a blocking {@code VaultTemplate} (what an application without a reactive Vault
 * client has), on the JDK's HttpURLConnection, with the documented policy.
 */
class BlockingVaultTokenStoreTest extends TokenStoreContract {

    private VaultTestServer vault;

    @Override
    protected TokenStore createStore() {
        vault = VaultTestServer.start(
                VaultTestServer.options().token(TestVaultClients.STORE_TOKEN, TestVaultClients.STORE_POLICY));
        return VaultTokenStore.builder(TestVaultClients.blocking(vault.uri(), TestVaultClients.STORE_TOKEN))
                .build();
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }
}
