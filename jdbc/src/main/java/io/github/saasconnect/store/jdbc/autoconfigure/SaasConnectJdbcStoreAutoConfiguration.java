package io.github.saasconnect.store.jdbc.autoconfigure;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.ReEncryptionProperties;
import io.github.saasconnect.autoconfigure.ReEncryptionTask;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.KeyWrapper;
import io.github.saasconnect.store.crypto.MigratingKeyWrapper;
import io.github.saasconnect.store.jdbc.JdbcPendingAuthorizationStore;
import io.github.saasconnect.store.jdbc.JdbcStoreSchema;
import io.github.saasconnect.store.jdbc.JdbcTokenStore;
import io.github.saasconnect.store.jdbc.OwnerDigest;
import io.github.saasconnect.store.jdbc.ReEncryption;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The JDBC token store, when {@code saas-connect.store.type=jdbc}, on the application's {@link DataSource}. Startup
 * stops, naming the property, when the DataSource, the owner digest key or the keyring is missing, or the tables
 * are not there. Any {@link TokenStore} bean of the application replaces it. Beside it the connect flow's pending
 * authorizations go to the same database unless the application chose another store, and a background task moves
 * records to the active key while the keyring holds previous keys.
 */
@AutoConfiguration(
        before = SaasConnectAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        })
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "saas-connect.store.type", havingValue = "jdbc")
@EnableConfigurationProperties(SaasConnectJdbcStoreProperties.class)
public final class SaasConnectJdbcStoreAutoConfiguration {

    private static final String PREFIX = "saas-connect.store.jdbc.";
    private static final String KEY_HINT = "the base64 of 32 random bytes (for example: openssl rand -base64 32)";

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    @DependsOnDatabaseInitialization
    JdbcTokenStore saasConnectJdbcTokenStore(
            SaasConnectJdbcStoreProperties properties,
            ObjectProvider<DataSource> dataSources,
            ObjectProvider<KeyWrapper> keyWrappers,
            ObjectProvider<Clock> clock) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new InvalidSaasConnectConfigurationException(
                    "spring.datasource.url",
                    "saas-connect.store.type is 'jdbc' but the application has no single DataSource",
                    "Add spring-boot-starter-jdbc and your database's driver and set spring.datasource.url, or define "
                            + "one DataSource bean (mark one @Primary if there are several)");
        }
        List<String> missing = JdbcStoreSchema.missingTables(dataSource);
        if (!missing.isEmpty()) {
            throw new InvalidSaasConnectConfigurationException(
                    "spring.flyway.locations",
                    "the JDBC token store's tables (or columns) " + missing
                            + " do not exist in the application's database",
                    "Add classpath:db/saas-connect/migration to spring.flyway.locations (with flyway-core on the class "
                            + "path, Flyway creates them at startup), or run the scripts (those not yet run) "
                            + String.join(" and ", JdbcStoreSchema.SCRIPTS)
                            + " from saas-connect-jdbc once (jdbc/JDBC-STORE.md, \"Schema\")");
        }
        return JdbcTokenStore.builder(
                        dataSource, new EnvelopeCipher(keys(properties, keyWrappers)), ownerDigest(properties))
                .clock(clock.getIfUnique(Clock::systemUTC))
                .concurrency(
                        positive("threads", properties.getThreads()),
                        positive("queued-calls", properties.getQueuedCalls()))
                .build();
    }

    /** Pending authorizations in the same database, while {@code saas-connect.connect.pending-store} is {@code auto}. */
    @Bean
    @ConditionalOnBean(JdbcTokenStore.class)
    @ConditionalOnMissingBean(PendingAuthorizationStore.class)
    @ConditionalOnProperty(name = "saas-connect.connect.pending-store", havingValue = "auto", matchIfMissing = true)
    JdbcPendingAuthorizationStore saasConnectJdbcPendingAuthorizationStore(
            JdbcTokenStore store, ObjectProvider<Clock> clock) {
        return JdbcPendingAuthorizationStore.besides(store, clock.getIfUnique(Clock::systemUTC));
    }

    /** Re-encryption after a rotation: only while the keyring holds keys besides the active one. */
    /** The claims of shared jobs and the keep-alive sweep, in the store's database beside the records. */
    @Bean
    @ConditionalOnBean(JdbcTokenStore.class)
    @ConditionalOnMissingBean(JobClaims.class)
    JobClaims saasConnectJdbcJobClaims(JdbcTokenStore store) {
        return store.jobClaims();
    }

    @Bean
    @ConditionalOnBean(JdbcTokenStore.class)
    @ConditionalOnBooleanProperty(name = "saas-connect.store.jdbc.re-encryption.enabled", matchIfMissing = true)
    ReEncryptionTask saasConnectJdbcReEncryption(
            JdbcTokenStore store, SaasConnectJdbcStoreProperties properties, ObjectProvider<KeyWrapper> keyWrappers) {
        ReEncryptionProperties settings = properties.getReEncryption();
        settings.check(PREFIX + "re-encryption");
        ReEncryption reEncryption = new ReEncryption(store, settings.getBatchSize());
        // other instances may still write under a previous key until they restart with the new keyring, and a key
        // service's key (Vault Transit) can be rotated at any time, outside this configuration
        return properties.getKeyring().size() > 1 || keyWrappers.getIfUnique() != null
                ? ReEncryptionTask.continuous(reEncryption, settings.getInterval())
                : ReEncryptionTask.idle(reEncryption);
    }

    /**
     * The application's {@link KeyWrapper} (such as Vault Transit, from saas-connect-vault) when it has one, with the
     * keyring, if configured, still unwrapping the records written before the switch until re-encryption moves
     * them; else the keyring.
     */
    private static KeyWrapper keys(SaasConnectJdbcStoreProperties properties, ObjectProvider<KeyWrapper> keyWrappers) {
        KeyWrapper wrapper = keyWrappers.getIfUnique();
        if (wrapper == null) {
            return properties.getKeyring().toKeyring(PREFIX + "keyring");
        }
        return properties.getKeyring().isConfigured()
                ? new MigratingKeyWrapper(wrapper, properties.getKeyring().toKeyring(PREFIX + "keyring"))
                : wrapper;
    }

    private static OwnerDigest ownerDigest(SaasConnectJdbcStoreProperties properties) {
        String key = properties.getOwnerDigestKey();
        if (key == null || key.isBlank()) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "owner-digest-key",
                    "is not set: the JDBC store names owners only by a keyed digest",
                    "Set it to " + KEY_HINT + ", and keep it as long as the data");
        }
        try {
            return OwnerDigest.fromBase64(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + "owner-digest-key", e.getMessage(), "Set it to " + KEY_HINT);
        }
    }

    private static int positive(String property, int value) {
        if (value < 1) {
            throw new InvalidSaasConnectConfigurationException(
                    PREFIX + property, "must be at least 1 but is " + value, "Set a positive number");
        }
        return value;
    }
}
