package io.github.saasconnect.provider.testing;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** A {@link TokenManager} wired for tests (core's test fixtures are not on this module's classpath). */
public final class TokenManagers {

    private TokenManagers() {}

    /** Events the manager published. */
    public static final class Events extends CopyOnWriteArrayList<Object> {}

    public static TokenManager manager(
            TokenStore store,
            OAuth2TokenClient client,
            ProviderRegistration registration,
            Clock clock,
            Events events,
            String instanceId) {
        ResilienceSettings resilience = new ResilienceSettings(
                3,
                Duration.ofMillis(1),
                1.5,
                Duration.ofMillis(5),
                Duration.ofSeconds(2),
                50f,
                10,
                5,
                Duration.ofSeconds(30),
                64);
        TokenManagerSettings settings = new TokenManagerSettings(
                instanceId,
                Duration.ofSeconds(30),
                Duration.ofMillis(2),
                Duration.ofSeconds(60),
                new Backoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(50)),
                Duration.ofSeconds(30));
        return TokenManager.builder(store, client, new ProviderRegistry(List.of(registration)))
                .resilience(RefreshResilience.withSettings(resilience, clock))
                .events(events::add)
                .clock(clock)
                .settings(settings)
                .observations(ObservationRegistry.NOOP)
                .build();
    }

    /** Runs {@code call} on {@code callers} threads released together; the distinct token values they got. */
    public static Set<String> callTogether(int callers, Callable<AccessToken> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CyclicBarrier start = new CyclicBarrier(callers);
            List<Future<AccessToken>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            Set<String> tokens = ConcurrentHashMap.newKeySet();
            for (Future<AccessToken> f : results) {
                tokens.add(f.get().value().reveal());
            }
            return tokens;
        } finally {
            pool.shutdownNow();
        }
    }
}
