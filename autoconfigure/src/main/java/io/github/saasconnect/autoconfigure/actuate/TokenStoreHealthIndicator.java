package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.vault.support.VaultHealth;
import reactor.core.publisher.Mono;

/**
 * Whether the token store can be used: a read of a connection that does not exist must answer (empty) within the
 * timeout, which proves the store reachable and, for Vault, unsealed and the token allowed to read. The file store
 * must also have a writable directory. For Vault, the store's own circuit breaker is shown, and {@code sys/health}
 * (initialized, sealed, standby, version) when a Vault client is at hand.
 *
 * <p>The probe goes to the store itself, not through the token manager, so it is not counted in the store metrics.
 */
final class TokenStoreHealthIndicator implements HealthIndicator {

    /** Read by every health check; nobody connects under this registration id. */
    static final ConnectionId PROBE = ConnectionId.of("saas-connect-health", "probe");

    private final TokenStore store;
    private final Mono<VaultHealth> vault;
    private final Duration timeout;

    /**
     * @param vault Vault's {@code sys/health}, asked only when the store is the Vault store; {@code null} for none
     */
    TokenStoreHealthIndicator(TokenStore store, Mono<VaultHealth> vault, Duration timeout) {
        this.store = store;
        this.vault = vault;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", store.name());
        boolean up = probe(details);
        if (store instanceof FileTokenStore file) {
            up &= directory(file.directory(), details);
        }
        if (store instanceof VaultTokenStore vaultStore) {
            details.put("circuitBreaker", vaultStore.circuitBreaker().getState().name());
        }
        if (vault != null && "vault".equals(store.name())) {
            up &= vault(details);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }

    private boolean probe(Map<String, Object> details) {
        try {
            store.read(PROBE).timeout(timeout).block();
            details.put("reachable", true);
            return true;
        } catch (RuntimeException e) {
            details.put("reachable", false);
            details.put("error", failure(e));
            return false;
        }
    }

    private static boolean directory(Path directory, Map<String, Object> details) {
        details.put("directory", directory.toAbsolutePath().toString());
        boolean writable = Files.isDirectory(directory) && Files.isWritable(directory);
        details.put("writable", writable);
        return writable;
    }

    private boolean vault(Map<String, Object> details) {
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
            details.put("vault", Map.of("error", failure(e)));
            return false;
        }
    }

    /**
     * The kind of failure, not its message: a store's message may quote a path or an answer, and a health response
     * is often public. The log of the operation that failed has the rest.
     */
    private String failure(RuntimeException e) {
        // block() wraps the checked TimeoutException of timeout() in an unchecked one
        if (e.getCause() instanceof TimeoutException) {
            return "no answer within " + timeout;
        }
        return e.getClass().getSimpleName();
    }
}
