package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.token.TokenManager;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jol.info.GraphLayout;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Heap per cached connection in a {@link TokenManager}: caches {@code N} connections (argument, default 100,000)
 * whose access tokens are as long as Google's (about 170 characters), then measures what the cache retains with JOL,
 * with and without the token text (which no cache can avoid holding). Run with
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.saasconnect.benchmarks.CacheFootprint 100000}.
 */
public final class CacheFootprint {

    private static final String OWNER_PREFIX = "user-0000000000-";

    private CacheFootprint() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Clock clock = Clock.systemUTC();
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenManager manager = TokenManager.builder(
                        store,
                        new OAuth2TokenClient(WebClient.create(), clock, Duration.ofSeconds(1)),
                        new ProviderRegistry(List.of(UnreachableRegistration.of("google", Map.of("rotation", "none")))))
                .clock(clock)
                .build();
        Instant now = clock.instant();
        List<ConnectionId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ConnectionId id = ConnectionId.of("google", OWNER_PREFIX + i);
            store.write(record(id, now), 0).block();
            ids.add(id);
        }
        for (ConnectionId id : ids) {
            manager.accessToken(id).block();
        }
        Object cache = cacheOf(manager);
        long total = GraphLayout.parseInstance(cache).totalSize();
        long tokenText = 0;
        long ownerText = 0;
        for (ConnectionId id : ids) {
            tokenText += GraphLayout.parseInstance(accessTokenText(id)).totalSize();
            ownerText += GraphLayout.parseInstance(id.owner()).totalSize();
        }
        System.out.println(Machine.describe());
        System.out.printf(
                Locale.ROOT,
                "%,d cached connections: %,d bytes in all, %.0f bytes per connection; without the token text %.0f;"
                        + " without token and owner text %.0f%n",
                n,
                total,
                (double) total / n,
                (double) (total - tokenText) / n,
                (double) (total - tokenText - ownerText) / n);
        manager.close();
    }

    private static String accessTokenText(ConnectionId id) {
        return "ya29.a0AfB_byC" + "x".repeat(150) + id.owner().substring(OWNER_PREFIX.length());
    }

    private static ConnectionRecord record(ConnectionId id, Instant now) {
        return new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                Secret.of("1//0g" + "r".repeat(98)),
                null,
                Secret.of(accessTokenText(id)),
                now.plus(Duration.ofHours(1)),
                "Bearer",
                Set.of("openid", "email"),
                Map.of(),
                now,
                now,
                null,
                null,
                "g1");
    }

    private static Object cacheOf(TokenManager manager) throws ReflectiveOperationException {
        Field cache = TokenManager.class.getDeclaredField("cache");
        cache.setAccessible(true);
        return cache.get(manager);
    }
}
