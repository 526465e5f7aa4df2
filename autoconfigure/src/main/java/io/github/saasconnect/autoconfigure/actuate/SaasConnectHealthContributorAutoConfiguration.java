package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.metrics.HealthSignals;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.TokenStore;
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
 * {@link HealthSignals} it and the {@code saasconnect} endpoint read, which the token manager tells.
 */
@AutoConfiguration(after = SaasConnectAutoConfiguration.class,
        afterName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
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

    @Bean
    @ConditionalOnEnabledHealthIndicator("saasconnect")
    @ConditionalOnMissingBean(name = "saasConnectHealthContributor")
    SaasConnectHealthContributor saasConnectHealthContributor(TokenStore store, ProviderRegistry registry,
            RefreshResilience resilience, HealthSignals signals, ObjectProvider<TokenStoreHealthCheck> storeChecks) {
        return new SaasConnectHealthContributor(new TokenStoreHealthIndicator(store,
                storeChecks.orderedStream().toList(), STORE_PROBE_TIMEOUT), registry, resilience, signals);
    }
}
