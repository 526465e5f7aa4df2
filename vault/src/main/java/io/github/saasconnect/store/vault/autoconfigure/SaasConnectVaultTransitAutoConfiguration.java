package io.github.saasconnect.store.vault.autoconfigure;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.vault.VaultTransitKeyWrapper;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.vault.core.ReactiveVaultOperations;

/**
 * Vault for more than the Vault store: app signing keys in Vault ({@code private-key.ref=vault-transit:...} or
 * {@code vault-kv:...}), and Transit wrapping of every stored record's data key
 * ({@code saas-connect.store.vault.transit.wrapping-key}), which the JDBC store (and the Vault store, for its token
 * fields) picks up as their {@link KeyWrapper}. With any store type, the client named by
 * {@code saas-connect.store.vault.*} is built when {@code uri} is set.
 */
@AutoConfiguration(
        after = SaasConnectVaultStoreAutoConfiguration.class,
        afterName = {
            "org.springframework.cloud.vault.config.VaultReactiveAutoConfiguration",
            "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration"
        })
@ConditionalOnClass(ReactiveVaultOperations.class)
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SaasConnectVaultStoreProperties.class)
public final class SaasConnectVaultTransitAutoConfiguration {

    private static final String WRAPPING_KEY = "saas-connect.store.vault.transit.wrapping-key";

    /** The client of saas-connect.store.vault.*, when the Vault store did not build it (another store type). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "saas-connect.store.vault.uri")
    @ConditionalOnMissingBean
    VaultStoreClient saasConnectVaultClient(
            SaasConnectVaultStoreProperties properties, ObjectProvider<SslBundles> sslBundles) {
        return VaultStoreClient.create(properties, sslBundles.getIfAvailable(), null);
    }

    @Bean
    @ConditionalOnMissingBean
    VaultAppSigningKeys saasConnectVaultAppSigningKeys(
            SaasConnectVaultStoreProperties properties,
            ObjectProvider<VaultStoreClient> own,
            ObjectProvider<ReactiveVaultOperations> application) {
        return new VaultAppSigningKeys(new VaultClients(own, application), properties);
    }

    /** Checked at startup: the key exists, encrypts and is derived, else startup stops naming the property. */
    @Bean
    @ConditionalOnProperty(name = WRAPPING_KEY)
    @ConditionalOnMissingBean(KeyWrapper.class)
    VaultTransitKeyWrapper saasConnectVaultTransitKeyWrapper(
            SaasConnectVaultStoreProperties properties,
            ObjectProvider<VaultStoreClient> own,
            ObjectProvider<ReactiveVaultOperations> application,
            ObjectProvider<Clock> clock) {
        SaasConnectVaultStoreProperties.Transit transit = properties.getTransit();
        VaultTransitKeyWrapper wrapper;
        try {
            wrapper = new VaultTransitKeyWrapper(
                    new VaultClients(own, application).require(WRAPPING_KEY),
                    transit.getMount(),
                    transit.getWrappingKey().strip(),
                    properties.getRequestTimeout(),
                    transit.getVersionCheckInterval(),
                    clock.getIfUnique(Clock::systemUTC));
            wrapper.check();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new InvalidSaasConnectConfigurationException(
                    WRAPPING_KEY,
                    e.getMessage(),
                    "Create the key with vault write -f " + transit.getMount()
                            + "/keys/<name> derived=true and grant the policy in vault/VAULT-STORE.md (\"Transit wrapping\")");
        }
        return wrapper;
    }
}
