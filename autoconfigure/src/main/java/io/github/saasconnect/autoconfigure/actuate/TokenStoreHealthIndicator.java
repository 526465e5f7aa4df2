package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the token store can be used: a read of a connection that does not exist must answer (empty) within the
 * timeout, which proves the store reachable and, for Vault, unsealed and the token allowed to read. The file store
 * must also have a writable directory and no records encrypted with another key than its own (the sign of a lost or
 * replaced key file); its directory's path is not shown. Stores from other modules add their own checks ({@link TokenStoreHealthCheck}:
 * for Vault, the store's own circuit breaker and {@code sys/health}).
 *
 * <p>The probe goes to the store itself, not through the token manager, so it is not counted in the store metrics.
 */
final class TokenStoreHealthIndicator implements HealthIndicator {

    /** Read by every health check; nobody connects under this registration id. */
    static final ConnectionId PROBE = ConnectionId.of("saas-connect-health", "probe");

    private final TokenStore store;
    private final List<TokenStoreHealthCheck> checks;
    private final Duration timeout;

    TokenStoreHealthIndicator(TokenStore store, List<TokenStoreHealthCheck> checks, Duration timeout) {
        this.store = store;
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", store.name());
        boolean up = probe(details);
        if (store instanceof FileTokenStore file) {
            up &= directory(file.directory(), details);
            up &= keyMatchesRecords(file, details);
        }
        for (TokenStoreHealthCheck check : checks) {
            up &= check.check(store, details, timeout);
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
            details.put("error", TokenStoreHealthCheck.failure(e, timeout));
            return false;
        }
    }

    /** The directory's path is left out: health is often public, and the path tells an attacker where to look. */
    private static boolean directory(Path directory, Map<String, Object> details) {
        boolean writable = Files.isDirectory(directory) && Files.isWritable(directory);
        details.put("writable", writable);
        return writable;
    }

    /** Records under another key mean the store runs with the wrong key: those connections are all unreadable. */
    private static boolean keyMatchesRecords(FileTokenStore file, Map<String, Object> details) {
        int foreign = file.recordsUnderAnotherKey();
        details.put("recordsUnderAnotherKey", foreign);
        return foreign == 0;
    }
}
