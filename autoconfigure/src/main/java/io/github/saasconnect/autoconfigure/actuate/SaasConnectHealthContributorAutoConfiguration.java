package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.observation.HealthSignals;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.TokenStore;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code saasConnect} health contributor (off with {@code management.health.saasconnect.enabled=false}), and the
 * {@link HealthSignals} it and the {@code saasconnect} endpoint read: an observation handler, which Spring Boot
 * registers on the application's observation registry (refreshes, code exchanges and keep-alive sweeps tell it).
 */
@AutoConfiguration(
        after = SaasConnectAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
        })
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean({ProviderRegistry.class, RefreshResilience.class, TokenStore.class})
public final class SaasConnectHealthContributorAutoConfiguration {

    /** How long the store probe may take before the store counts as down. */
    static final Duration STORE_PROBE_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    @ConditionalOnMissingBean
    HealthSignals saasConnectHealthSignals(ObjectProvider<Clock> clock) {
        return new HealthSignals(clock.getIfUnique(Clock::systemUTC));
    }

    /**
     * An application with health but without Spring Boot's observation auto-configuration (it comes with
     * {@code spring-boot-micrometer-metrics}) has no registry to tell the health signals: this one does, and the
     * SaaS Connect components observe on it.
     */
    @Bean
    @ConditionalOnMissingBean(ObservationRegistry.class)
    ObservationRegistry saasConnectObservationRegistry(HealthSignals signals) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(signals);
        return registry;
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("saasconnect")
    @ConditionalOnMissingBean(name = "saasConnectHealthContributor")
    SaasConnectHealthContributor saasConnectHealthContributor(
            TokenStore store,
            ProviderRegistry registry,
            RefreshResilience resilience,
            HealthSignals signals,
            ObjectProvider<TokenStoreHealthCheck> storeChecks,
            ObjectProvider<SaasConnectProperties> properties,
            ObjectProvider<Clock> clock) {
        return new SaasConnectHealthContributor(
                CachedHealthIndicator.of(
                        new TokenStoreHealthIndicator(
                                store, storeChecks.orderedStream().toList(), STORE_PROBE_TIMEOUT),
                        properties
                                .getIfAvailable(SaasConnectProperties::new)
                                .getStore()
                                .getHealthCacheTtl(),
                        clock.getIfUnique(Clock::systemUTC)),
                registry,
                resilience,
                signals);
    }
}
