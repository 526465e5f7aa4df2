package io.github.saasconnect.store.vault.autoconfigure;

import io.github.saasconnect.autoconfigure.actuate.TokenStoreHealthCheck;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultHealth;
import reactor.core.publisher.Mono;

/**
 * The Vault store's part of the {@code store} health: the store's own circuit breaker, and Vault's
 * {@code sys/health} (initialized, sealed, standby, version) when a Vault client is at hand; a sealed or
 * uninitialized Vault is DOWN.
 */
final class VaultStoreHealthCheck implements TokenStoreHealthCheck {

    /** {@code null}: no Vault client to ask. */
    private final Mono<VaultHealth> vault;

    private VaultStoreHealthCheck(Mono<VaultHealth> vault) {
        this.vault = vault;
    }

    /** Asks {@code sys/health} through the client the Vault store uses, picked in the same order; all may be null. */
    static VaultStoreHealthCheck of(VaultStoreClient own, ReactiveVaultOperations reactive, VaultOperations blocking) {
        if (own != null) {
            return new VaultStoreHealthCheck(
                    Mono.defer(() -> own.operations().opsForSys().health()));
        }
        if (reactive != null) {
            return new VaultStoreHealthCheck(
                    Mono.defer(() -> reactive.opsForSys().health()));
        }
        if (blocking != null) {
            return new VaultStoreHealthCheck(
                    Mono.fromCallable(() -> blocking.opsForSys().health()));
        }
        return new VaultStoreHealthCheck(null);
    }

    @Override
    public boolean check(TokenStore store, Map<String, Object> details, Duration timeout) {
        if (store instanceof VaultTokenStore vaultStore) {
            details.put("circuitBreaker", vaultStore.circuitBreaker().getState().name());
        }
        if (vault == null || !"vault".equals(store.name())) {
            return true;
        }
        try {
            VaultHealth health = vault.timeout(timeout).block();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("initialized", health.isInitialized());
            v.put("sealed", health.isSealed());
            v.put("standby", health.isStandby());
            if (health.getVersion() != null) {
                v.put("version", health.getVersion());
            }
            details.put("vault", v);
            return health.isInitialized() && !health.isSealed();
        } catch (RuntimeException e) {
            details.put("vault", Map.of("error", TokenStoreHealthCheck.failure(e, timeout)));
            return false;
        }
    }
}
