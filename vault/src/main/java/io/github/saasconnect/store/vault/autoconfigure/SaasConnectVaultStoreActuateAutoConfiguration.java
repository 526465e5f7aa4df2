package io.github.saasconnect.store.vault.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.saasconnect.autoconfigure.actuate.TokenStoreHealthCheck;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.vault.VaultTokenStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.VaultOperations;

/**
 * What the Vault store adds to SaaS Connect's Actuator support, for any {@link VaultTokenStore} (the
 * auto-configured one or the application's own): its circuit breaker and Vault's {@code sys/health} in the
 * {@code saasConnect} health, and the breaker's Resilience4j meters ({@code name=saas-connect-vault-store}).
 * Each part backs off when its Spring Boot module is not on the class path.
 */
@AutoConfiguration
@ConditionalOnClass(ReactiveVaultOperations.class)
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
public final class SaasConnectVaultStoreActuateAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "saasConnectVaultStoreHealthCheck")
        TokenStoreHealthCheck saasConnectVaultStoreHealthCheck(
                ObjectProvider<VaultStoreClient> own,
                ObjectProvider<ReactiveVaultOperations> reactive,
                ObjectProvider<VaultOperations> blocking) {
            return VaultStoreHealthCheck.of(own.getIfAvailable(), reactive.getIfUnique(), blocking.getIfUnique());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, TaggedCircuitBreakerMetrics.class})
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "saasConnectVaultStoreMetrics")
        MeterBinder saasConnectVaultStoreMetrics(ObjectProvider<TokenStore> store) {
            return meters -> {
                if (store.getIfUnique() instanceof VaultTokenStore vault) {
                    bindStoreBreaker(vault.circuitBreaker(), meters);
                }
            };
        }

        /**
         * The Vault store's own breaker lives in no registry, and Resilience4j binds metrics per registry: put it in
         * one of its own (created under its name, then replaced by the store's instance) and bind that.
         */
        private static void bindStoreBreaker(CircuitBreaker breaker, MeterRegistry meters) {
            CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
            registry.circuitBreaker(breaker.getName());
            registry.replace(breaker.getName(), breaker);
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        }
    }
}
