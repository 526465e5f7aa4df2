package io.github.saasconnect.store.vault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.TokenStoreContract;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.springframework.vault.core.ReactiveVaultTemplate;
import org.springframework.vault.core.VaultTemplate;

/**
 * The store contract against a real Vault (or OpenBao), when {@code VAULT_ADDR} and {@code VAULT_TOKEN} are set,
 * for example for {@code vault server -dev}; skipped otherwise. {@code VAULT_KV_MOUNT} names a KV v2 mount other
 * than {@code secret}. Each test works under its own prefix, {@code saas-connect-test/<random>/connections}, and
 * removes what it wrote.
 */
class RealVaultTokenStoreTest extends TokenStoreContract {

    private VaultTemplate admin;
    private VaultStoreLayout layout;

    @Override
    protected TokenStore createStore() {
        String address = System.getenv("VAULT_ADDR");
        String token = System.getenv("VAULT_TOKEN");
        assumeTrue(
                address != null && !address.isBlank() && token != null && !token.isBlank(),
                "set VAULT_ADDR and VAULT_TOKEN to run the store contract against a real Vault");
        String mount = System.getenv().getOrDefault("VAULT_KV_MOUNT", VaultStoreLayout.DEFAULT_MOUNT);
        layout = new VaultStoreLayout(mount, "saas-connect-test/" + UUID.randomUUID() + "/connections");
        admin = TestVaultClients.blocking(URI.create(address), token);
        ReactiveVaultTemplate template = TestVaultClients.reactive(URI.create(address), token);
        return VaultTokenStore.builder(template).layout(layout).build();
    }

    @AfterEach
    void removeWhatTheTestWrote() {
        if (admin == null) {
            return;
        }
        var kv = admin.opsForVersionedKeyValue(layout.mount());
        for (String registration : kv.list(layout.prefix() + "/")) {
            String folder = layout.prefix() + "/" + registration;
            for (String key : kv.list(folder)) {
                kv.opsForKeyValueMetadata().delete(folder + key);
            }
        }
    }
}
