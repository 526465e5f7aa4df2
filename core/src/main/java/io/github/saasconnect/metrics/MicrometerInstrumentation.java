package io.github.saasconnect.metrics;

import io.github.saasconnect.connection.ConnectionStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Micrometer meters for what SaaS Connect reports. Every meter is documented in the README (Meters); tags carry
 * registration ids, store names, outcomes and status classes only, so their number is bounded by the configuration.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #CACHE_GETS}</td><td>function counter</td><td>registration, result (hit, miss)</td></tr>
 *   <tr><td>{@value #REFRESH}</td><td>timer</td><td>registration, outcome</td></tr>
 *   <tr><td>{@value #EXCHANGE}</td><td>timer</td><td>registration, outcome</td></tr>
 *   <tr><td>{@value #REJECTIONS}</td><td>counter</td><td>registration, error</td></tr>
 *   <tr><td>{@value #STORE_OPERATIONS}</td><td>timer</td><td>store, operation, outcome</td></tr>
 *   <tr><td>{@value #API_CALLS}</td><td>timer</td><td>registration, status (2xx ... 5xx, io_error)</td></tr>
 *   <tr><td>{@value #RATE_LIMIT_WAITS}</td><td>timer</td><td>registration, outcome (waited, refused)</td></tr>
 *   <tr><td>{@value #CONNECTIONS}</td><td>gauge</td><td>registration, status</td></tr>
 * </table>
 */
public final class MicrometerInstrumentation implements SaasConnectInstrumentation {

    public static final String CACHE_GETS = "saasconnect.token.cache.gets";
    public static final String REFRESH = "saasconnect.token.refresh";
    public static final String EXCHANGE = "saasconnect.token.exchange";
    public static final String REJECTIONS = "saasconnect.registration.rejections";
    public static final String STORE_OPERATIONS = "saasconnect.store.operations";
    public static final String API_CALLS = "saasconnect.api.calls";
    public static final String RATE_LIMIT_WAITS = "saasconnect.api.rate.limit.waits";
    public static final String CONNECTIONS = "saasconnect.connections";

    private static final String REGISTRATION = "registration";
    private static final String OUTCOME = "outcome";

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, ConnectionCensus> censuses = new ConcurrentHashMap<>();

    public MicrometerInstrumentation(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void cacheCounter(String registration, CacheCounter counter) {
        FunctionCounter.builder(CACHE_GETS, counter, CacheCounter::hits)
                .description("Access-token lookups served from the token cache (hit) or not (miss)")
                .tags(REGISTRATION, registration, "result", "hit")
                .register(registry);
        FunctionCounter.builder(CACHE_GETS, counter, CacheCounter::misses)
                .description("Access-token lookups served from the token cache (hit) or not (miss)")
                .tags(REGISTRATION, registration, "result", "miss")
                .register(registry);
    }

    @Override
    public void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
        Timer.builder(REFRESH)
                .description("Refresh-token requests to the provider's token endpoint, retries included")
                .tags(REGISTRATION, registration, OUTCOME, outcome.tagValue())
                .register(registry)
                .record(duration);
    }

    @Override
    public void codeExchange(String registration, TokenRequestOutcome outcome, Duration duration) {
        Timer.builder(EXCHANGE)
                .description("Authorization-code exchanges at the provider's token endpoint")
                .tags(REGISTRATION, registration, OUTCOME, outcome.tagValue())
                .register(registry)
                .record(duration);
    }

    @Override
    public void clientMisconfigured(String registration, String errorCode) {
        Counter.builder(REJECTIONS)
                .description("Token requests in which the provider rejected the client itself")
                .tags(REGISTRATION, registration, "error", ErrorCodes.safe(errorCode))
                .register(registry)
                .increment();
    }

    @Override
    public void storeOperation(String store, StoreOperation operation, StoreOutcome outcome, Duration duration) {
        Timer.builder(STORE_OPERATIONS)
                .description("Token store operations")
                .tags("store", store, "operation", operation.tagValue(), OUTCOME, outcome.tagValue())
                .register(registry)
                .record(duration);
    }

    @Override
    public void apiCall(String registration, int status, Duration duration) {
        Timer.builder(API_CALLS)
                .description("Provider API calls through the authorized clients, by status class")
                .tags(REGISTRATION, registration, "status", statusClass(status))
                .register(registry)
                .record(duration);
    }

    @Override
    public void rateLimited(String registration, Duration wait, boolean waiting) {
        Timer.builder(RATE_LIMIT_WAITS)
                .description("Waits a provider's rate limit asked for: waited out, or refused as beyond the bound")
                .tags(REGISTRATION, registration, OUTCOME, waiting ? "waited" : "refused")
                .register(registry)
                .record(wait);
    }

    @Override
    public void census(ConnectionCensus census) {
        String registration = census.registration();
        ConnectionCensus previous = censuses.put(registration, census);
        if (previous != null) {
            return;
        }
        for (ConnectionStatus status : ConnectionStatus.values()) {
            Gauge.builder(CONNECTIONS, censuses, latest -> latest.get(registration).count(status))
                    .description("Connections by status, as the latest sweep counted them")
                    .tags(REGISTRATION, registration, "status", status.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** The {@code status} tag of an API call: {@code 2xx} ... {@code 5xx}, or {@code io_error} without an answer. */
    static String statusClass(int status) {
        return switch (status / 100) {
            case 1 -> "1xx";
            case 2 -> "2xx";
            case 3 -> "3xx";
            case 4 -> "4xx";
            case 5 -> "5xx";
            default -> status <= 0 ? "io_error" : "other";
        };
    }

    @Override
    public String toString() {
        return "MicrometerInstrumentation[" + registry.getClass().getSimpleName() + "]";
    }
}
