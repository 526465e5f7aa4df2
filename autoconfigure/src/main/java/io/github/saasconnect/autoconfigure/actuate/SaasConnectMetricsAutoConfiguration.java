package io.github.saasconnect.autoconfigure.actuate;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.saasconnect.autoconfigure.ReEncryptionTask;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.observation.SaasConnectMeterHandler;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.token.CacheCounter;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters for SaaS Connect ({@code saasconnect.*}, listed in the README) and Resilience4j's
 * own meters for the retries, circuit breakers and bulkheads around token requests. The timers come from the
 * observations through Spring Boot's meter observation handler; this adds the {@link SaasConnectMeterHandler}
 * (rejections, connection census), which Spring Boot registers on the observation registry, and the meters read
 * from the token manager (cache lookups, pending writes).
 */
@AutoConfiguration(
        after = SaasConnectAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, ProviderRegistry.class})
public final class SaasConnectMetricsAutoConfiguration {

    /** The gauge of refreshed token sets not yet in the store. */
    static final String PENDING_WRITES = "saasconnect.token.pending.writes";
    /** The function counters of token cache lookups; tags registration, result (hit, miss). */
    static final String CACHE_GETS = "saasconnect.token.cache.gets";
    /** The function counter of records moved to the active key; tag store. */
    static final String REENCRYPTION_MOVED = "saasconnect.store.reencryption.moved";
    /** The function counter of records re-encryption could not move; tag store. */
    static final String REENCRYPTION_UNREADABLE = "saasconnect.store.reencryption.unreadable";
    /** The gauge of records not yet under the active key; tag store. */
    static final String REENCRYPTION_REMAINING = "saasconnect.store.reencryption.remaining";

    @Bean
    @ConditionalOnMissingBean
    SaasConnectMeterHandler saasConnectMeterHandler(MeterRegistry registry) {
        return new SaasConnectMeterHandler(registry);
    }

    @Bean
    @ConditionalOnBean(TokenManager.class)
    MeterBinder saasConnectTokenManagerMetrics(ObjectProvider<TokenManager> tokens, ProviderRegistry registrations) {
        // looked up when bound, after the token manager exists: the manager itself needs the observation registry
        return registry -> {
            TokenManager manager = tokens.getObject();
            Gauge.builder(PENDING_WRITES, manager, TokenManager::pendingWrites)
                    .description(
                            "Refreshed token sets the store has not taken yet; they are written again until it does")
                    .register(registry);
            // read, not pushed: the cache-hit path only increments a counter, it starts no observation
            for (ProviderRegistration r : registrations.all()) {
                CacheCounter counter = manager.cacheCounter(r.id());
                FunctionCounter.builder(CACHE_GETS, counter, CacheCounter::hits)
                        .description("Access-token lookups served from the token cache (hit) or not (miss)")
                        .tags("registration", r.id(), "result", "hit")
                        .register(registry);
                FunctionCounter.builder(CACHE_GETS, counter, CacheCounter::misses)
                        .description("Access-token lookups served from the token cache (hit) or not (miss)")
                        .tags("registration", r.id(), "result", "miss")
                        .register(registry);
            }
        };
    }

    /**
     * Re-encryption progress per store: records moved, records it could not move, records left. Looked up when bound,
     * so a store's task defined by any auto-configuration (file, JDBC) is found.
     */
    @Bean
    MeterBinder saasConnectReEncryptionMetrics(ObjectProvider<ReEncryptionTask> tasks) {
        return registry -> tasks.orderedStream().forEach(task -> {
            FunctionCounter.builder(REENCRYPTION_MOVED, task, ReEncryptionTask::moved)
                    .description("Records re-encryption moved to the active key")
                    .tags("store", task.storeName())
                    .register(registry);
            FunctionCounter.builder(REENCRYPTION_UNREADABLE, task, ReEncryptionTask::unreadable)
                    .description("Records re-encryption could not move (key id not in the keyring, or damaged); "
                            + "each batch that meets one counts it again")
                    .tags("store", task.storeName())
                    .register(registry);
            Gauge.builder(REENCRYPTION_REMAINING, task, t -> t.remaining() < 0 ? Double.NaN : t.remaining())
                    .description("Records not under the active key after the last re-encryption batch")
                    .tags("store", task.storeName())
                    .register(registry);
        });
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TaggedCircuitBreakerMetrics.class)
    @ConditionalOnBean(RefreshResilience.class)
    static class ResilienceMetricsConfiguration {

        @Bean
        MeterBinder saasConnectResilienceMetrics(RefreshResilience resilience, ProviderRegistry registry) {
            return meters -> {
                // each registration's breakers exist from the start, so their state gauges do
                for (ProviderRegistration r : registry.all()) {
                    resilience.breaker(r.id());
                    resilience.apiBreaker(r.id());
                }
                TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakerRegistry())
                        .bindTo(meters);
                TaggedRetryMetrics.ofRetryRegistry(resilience.retryRegistry()).bindTo(meters);
                TaggedBulkheadMetrics.ofBulkheadRegistry(resilience.bulkheadRegistry())
                        .bindTo(meters);
            };
        }
    }
}
