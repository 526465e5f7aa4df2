package io.github.saasconnect.store.vault.autoconfigure;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.saasconnect.autoconfigure.BackoffProperties;
import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.store.ConnectionKey;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.StoreMigrationRequiredException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.vault.VaultPendingAuthorizationStore;
import io.github.saasconnect.store.vault.VaultStoreLayout;
import io.github.saasconnect.store.vault.VaultStoreMisconfiguredException;
import io.github.saasconnect.store.vault.VaultTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
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
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(SaasConnectVaultStoreAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    VaultTokenStore saasConnectVaultTokenStore(
            SaasConnectVaultStoreProperties properties,
            ObjectProvider<VaultStoreClient> own,
            ObjectProvider<ReactiveVaultOperations> reactive,
            ObjectProvider<VaultOperations> blocking,
            ObjectProvider<KeyWrapper> keyWrappers) {
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
        // defence in depth: with a key wrapper (Vault Transit), the secrets' tokens are sealed as well
        KeyWrapper keyWrapper = keyWrappers.getIfUnique();
        if (keyWrapper != null) {
            builder.recordCipher(new EnvelopeCipher(keyWrapper));
        }
        VaultTokenStore store = configure(builder, properties).build();
        prepareOwnerNames(store, properties);
        return store;
    }

    /**
     * With an owner digest secret, checks (and, when allowed, migrates) the names of the stored connections before
     * anything uses the store, so that a wrong secret or an unmigrated store stops startup instead of making every
     * connection look absent.
     */
    private static void prepareOwnerNames(VaultTokenStore store, SaasConnectVaultStoreProperties p) {
        if (store.layout().ownerNames() == null) {
            log.warn(
                    "The Vault store names connections by an unkeyed SHA-256 of registration and owner: anyone who can "
                            + "LIST {}/metadata/{}/ can confirm a guessed owner id. Set {}owner-digest-secret (see "
                            + "VAULT-STORE.md, \"Keyed names\")",
                    store.layout().mount(),
                    store.layout().prefix(),
                    PREFIX);
            return;
        }
        try {
            store.prepareOwnerNames(p.isMigrateOwnerDigests()).block(STARTUP_TIMEOUT);
        } catch (StoreMigrationRequiredException e) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "migrate-owner-digests",
                    "is false, but " + e.getMessage(),
                    "Stop instances of earlier versions, then start once with " + PREFIX
                            + "migrate-owner-digests=true");
        } catch (VaultStoreMisconfiguredException e) {
            if (e.status() != 0) {
                throw e;
            }
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "owner-digest-secret",
                    "does not match the stored connections: " + e.getMessage(),
                    "Set it to the secret the connections were written with");
        }
    }

    /**
     * Pending authorizations of the connect flow in the same Vault, beside the connections, so a callback can
     * land on any instance. Only while {@code saas-connect.connect.pending-store} is {@code auto} (the default).
     */
    /** The claims of shared jobs and the keep-alive sweep, in the store's mount beside the records. */
    @Bean
    @ConditionalOnBean(VaultTokenStore.class)
    @ConditionalOnMissingBean(JobClaims.class)
    JobClaims saasConnectVaultJobClaims(VaultTokenStore store) {
        return store.jobClaims();
    }

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
        // after the layout, which it keys
        if (p.getOwnerDigestSecret() != null && !p.getOwnerDigestSecret().isBlank()) {
            builder.ownerDigestSecret(ownerDigestSecret(p.getOwnerDigestSecret()));
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

    private static byte[] ownerDigestSecret(String base64) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "owner-digest-secret",
                    "is not valid base64",
                    "Set it to the base64 of at least 32 random bytes (for example: openssl rand -base64 32)");
        }
        if (secret.length < ConnectionKey.MIN_SECRET_LENGTH) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "owner-digest-secret",
                    "decodes to " + secret.length + " bytes, fewer than " + ConnectionKey.MIN_SECRET_LENGTH,
                    "Set it to the base64 of at least 32 random bytes (for example: openssl rand -base64 32)");
        }
        return secret;
    }

    /** The store's own client, when the configuration names a Vault. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(name = "saas-connect.store.vault.uri")
    static class OwnClientConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        VaultStoreClient saasConnectVaultStoreClient(
                SaasConnectVaultStoreProperties properties, ObjectProvider<SslBundles> sslBundles) {
            return VaultStoreClient.create(properties, sslBundles.getIfAvailable(), null);
        }
    }
}
