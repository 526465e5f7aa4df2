package io.github.saasconnect.store.vault.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.saasconnect.autoconfigure.BackoffProperties;
import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.vault.VaultPendingAuthorizationStore;
import io.github.saasconnect.store.vault.VaultStoreLayout;
import io.github.saasconnect.store.vault.VaultTokenStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.core.VaultOperations;

/**
 * The Vault token store, when {@code saas-connect.store.type=vault}. It talks to Vault through, in this order:
 * its own client when {@code saas-connect.store.vault.uri} is set; else the application's
 * {@link ReactiveVaultOperations}; else its {@link VaultOperations} (Spring Cloud Vault makes both). Any
 * {@link TokenStore} bean of the application replaces it. Beside it, the connect flow's pending authorizations
 * go to the same Vault ({@link VaultPendingAuthorizationStore}) unless the application chose another store.
 */
@AutoConfiguration(
        before = SaasConnectAutoConfiguration.class,
        afterName = {
            "org.springframework.cloud.vault.config.VaultAutoConfiguration",
            "org.springframework.cloud.vault.config.VaultReactiveAutoConfiguration"
        })
@ConditionalOnClass(ReactiveVaultOperations.class)
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "saas-connect.store.type", havingValue = "vault")
@EnableConfigurationProperties(SaasConnectVaultStoreProperties.class)
public final class SaasConnectVaultStoreAutoConfiguration {

    private static final String PREFIX = "saas-connect.store.vault.";

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    VaultTokenStore saasConnectVaultTokenStore(
            SaasConnectVaultStoreProperties properties,
            ObjectProvider<VaultStoreClient> own,
            ObjectProvider<ReactiveVaultOperations> reactive,
            ObjectProvider<VaultOperations> blocking) {
        VaultStoreClient client = own.getIfAvailable();
        VaultTokenStore.Builder builder;
        if (client != null) {
            builder = VaultTokenStore.builder(client.operations());
        } else if (reactive.getIfUnique() != null) {
            builder = VaultTokenStore.builder(reactive.getIfUnique());
        } else if (blocking.getIfUnique() != null) {
            builder = VaultTokenStore.builder(blocking.getIfUnique());
        } else {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "uri",
                    "is not set and the application has "
                            + "no single Spring Vault client (VaultOperations or ReactiveVaultOperations bean) to use",
                    "Set " + PREFIX + "uri and " + PREFIX + "token (or approle/kubernetes authentication), or add "
                            + "Spring Cloud Vault (spring-cloud-starter-vault-config), whose client the store reuses");
        }
        return configure(builder, properties).build();
    }

    /**
     * Pending authorizations of the connect flow in the same Vault, beside the connections, so a callback can
     * land on any instance. Only while {@code saas-connect.connect.pending-store} is {@code auto} (the default).
     */
    @Bean
    @ConditionalOnBean(VaultTokenStore.class)
    @ConditionalOnMissingBean(PendingAuthorizationStore.class)
    @ConditionalOnProperty(name = "saas-connect.connect.pending-store", havingValue = "auto", matchIfMissing = true)
    VaultPendingAuthorizationStore saasConnectVaultPendingAuthorizationStore(
            VaultTokenStore store, ObjectProvider<Clock> clock) {
        return VaultPendingAuthorizationStore.besides(store, clock.getIfUnique(Clock::systemUTC));
    }

    private static VaultTokenStore.Builder configure(
            VaultTokenStore.Builder builder, SaasConnectVaultStoreProperties p) {
        try {
            builder.layout(new VaultStoreLayout(p.getMount(), p.getPrefix()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    e.getMessage().contains("mount") ? PREFIX + "mount" : PREFIX + "prefix",
                    e.getMessage(),
                    "Use '/'-separated names of letters, digits, '_', '-', '.'");
        }
        if (p.getMaxVersions() < 2) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "max-versions",
                    "must be at least 2 but is " + p.getMaxVersions(),
                    "The store reads the version a write replaced; keep 2 (the default) or more");
        }
        SaasConnectVaultStoreProperties.Retry r = p.getRetry();
        SaasConnectVaultStoreProperties.CircuitBreaker b = p.getCircuitBreaker();
        return builder.maxVersions(p.getMaxVersions())
                .requestTimeout(p.getRequestTimeout())
                .retry(
                        r.getMaxAttempts(),
                        BackoffProperties.backoff(
                                PREFIX + "retry", r.getInitialBackoff(), r.getBackoffMultiplier(), r.getMaxBackoff()),
                        r.getMaxRetryAfter())
                .circuitBreaker(
                        "saas-connect-vault-store",
                        CircuitBreakerConfig.custom()
                                .failureRateThreshold(b.getFailureRateThreshold())
                                .slidingWindowSize(b.getSlidingWindowSize())
                                .minimumNumberOfCalls(b.getMinimumNumberOfCalls())
                                .waitDurationInOpenState(b.getWaitInOpenState())
                                .build());
    }

    /** The store's own client, when the configuration names a Vault. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(name = "saas-connect.store.vault.uri")
    static class OwnClientConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        VaultStoreClient saasConnectVaultStoreClient(SaasConnectVaultStoreProperties properties) {
            return VaultStoreClient.create(properties);
        }
    }
}
