package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.StoreMigrationRequiredException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileReEncryption;
import io.github.saasconnect.store.file.FileStoreKey;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.store.file.MissingFileStoreKeyException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * The token store: encrypted files by default, memory when asked. Any {@link TokenStore} bean of the
 * application replaces it. The Vault and JDBC stores come from their own modules, saas-connect-vault and
 * saas-connect-jdbc, whose auto-configurations run first; when {@code saas-connect.store.type=vault} or {@code jdbc}
 * still finds no store here, startup stops naming what to add.
 */
@AutoConfiguration(
        afterName = {
            SaasConnectStoreAutoConfiguration.VAULT_STORE_AUTO_CONFIGURATION,
            SaasConnectStoreAutoConfiguration.JDBC_STORE_AUTO_CONFIGURATION
        })
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SaasConnectProperties.class)
public final class SaasConnectStoreAutoConfiguration {

    /** In saas-connect-vault, the only module that needs Spring Vault. */
    static final String VAULT_STORE_AUTO_CONFIGURATION =
            "io.github.saasconnect.store.vault.autoconfigure.SaasConnectVaultStoreAutoConfiguration";

    /** In saas-connect-jdbc. */
    static final String JDBC_STORE_AUTO_CONFIGURATION =
            "io.github.saasconnect.store.jdbc.autoconfigure.SaasConnectJdbcStoreAutoConfiguration";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(name = "saas-connect.store.type", havingValue = "file", matchIfMissing = true)
    static class FileStoreConfiguration {

        @Bean(destroyMethod = "close")
        FileTokenStore saasConnectFileTokenStore(SaasConnectProperties properties) {
            SaasConnectProperties.File file = properties.getStore().getFile();
            FileTokenStore.Builder builder =
                    FileTokenStore.builder(file.getDirectory(), key(file)).migrateNames(file.isMigrateNames());
            if (file.getKeyring().isConfigured()) {
                builder.keys(file.getKeyring().toKeyring("saas-connect.store.file.keyring"));
            }
            try {
                return builder.open();
            } catch (StoreMigrationRequiredException e) {
                throw new InvalidSaasConnectConfigurationException(
                        "saas-connect.store.file.migrate-names",
                        "is false, but the store directory "
                                + file.getDirectory().toAbsolutePath() + " holds records named by an earlier version",
                        "Set saas-connect.store.file.migrate-names=true (the default) to rename them on this start; "
                                + "nothing is lost");
            }
        }

        /**
         * Moves records to the active key after a rotation, and files of earlier versions to the current format; stops
         * once none remains (this process is the directory's only writer).
         */
        @Bean
        @ConditionalOnBooleanProperty(name = "saas-connect.store.file.re-encryption.enabled", matchIfMissing = true)
        ReEncryptionTask saasConnectFileReEncryption(FileTokenStore store, SaasConnectProperties properties) {
            ReEncryptionProperties settings = properties.getStore().getFile().getReEncryption();
            settings.check("saas-connect.store.file.re-encryption");
            return ReEncryptionTask.untilDone(
                    new FileReEncryption(store, settings.getBatchSize()), settings.getInterval());
        }

        /** The claims of shared jobs and the keep-alive sweep, beside the records (jobs of this process share them). */
        @Bean
        @ConditionalOnMissingBean(JobClaims.class)
        JobClaims saasConnectFileJobClaims(FileTokenStore store) {
            return store.jobClaims();
        }

        private static FileStoreKey key(SaasConnectProperties.File file) {
            if (file.getKey() != null && !file.getKey().isBlank()) {
                try {
                    return FileStoreKey.fromBase64(file.getKey());
                } catch (IllegalArgumentException e) {
                    throw new InvalidSaasConnectConfigurationException(
                            "saas-connect.store.file.key",
                            e.getMessage(),
                            "Set it to the base64 of 32 random bytes (for example: openssl rand -base64 32), "
                                    + "or remove it to use a key file");
                }
            }
            Path keyFile = file.getKeyFile() != null
                    ? file.getKeyFile()
                    : file.getDirectory().toAbsolutePath().resolveSibling("store.key");
            if (Files.exists(keyFile) && !Files.isReadable(keyFile)) {
                throw new InvalidSaasConnectConfigurationException(
                        "saas-connect.store.file.key-file",
                        "the key file " + keyFile + " cannot be read",
                        "Make it readable by this process's user "
                                + "(chmod 600, owned by that user) or point the property at another file");
            }
            try {
                return FileStoreKey.loadOrCreate(keyFile, file.getDirectory());
            } catch (MissingFileStoreKeyException e) {
                throw new InvalidSaasConnectConfigurationException(
                        "saas-connect.store.file.key-file",
                        "the key file " + keyFile.toAbsolutePath() + " does not exist, but the store directory "
                                + file.getDirectory().toAbsolutePath() + " holds connection records; a new key would "
                                + "make every one of them unreadable",
                        "Restore the key file from your backup, or set saas-connect.store.file.key-file (or "
                                + "saas-connect.store.file.key) to the key the records were written with. To start "
                                + "afresh on purpose, move the store directory away");
            } catch (RuntimeException e) {
                throw new InvalidSaasConnectConfigurationException(
                        "saas-connect.store.file.key-file",
                        "the key file " + keyFile + " cannot be used: " + e.getMessage(),
                        "Fix the file (owner-only permissions, 32-byte key) or point the property at another file");
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(name = "saas-connect.store.type", havingValue = "memory")
    static class MemoryStoreConfiguration {

        @Bean
        InMemoryTokenStore saasConnectInMemoryTokenStore() {
            return new InMemoryTokenStore();
        }

        @Bean
        @ConditionalOnMissingBean(JobClaims.class)
        JobClaims saasConnectInMemoryJobClaims(InMemoryTokenStore store) {
            return store.jobClaims();
        }
    }

    /**
     * {@code store.type=vault} and, after saas-connect-vault's auto-configuration, still no store: the module (or the
     * Spring Vault it brings) is not on the class path. Stop rather than start without a store; as a bean, so even a
     * lazily initialised application fails on first use with this message.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(name = "saas-connect.store.type", havingValue = "vault")
    static class VaultStoreMissingConfiguration {

        @Bean
        TokenStore saasConnectVaultTokenStore(ResourceLoader resources) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.store.type",
                    "is 'vault' but " + missing(resources.getClassLoader()),
                    "Add the dependency io.github.saasconnect:saas-connect-vault (same version as the starter), "
                            + "or choose saas-connect.store.type=file or memory");
        }

        /** What is missing, seen through the application's class loader, as the conditions see it. */
        private static String missing(ClassLoader loader) {
            if (!ClassUtils.isPresent(VAULT_STORE_AUTO_CONFIGURATION, loader)) {
                return "io.github.saasconnect:saas-connect-vault is not on the class path";
            }
            if (!ClassUtils.isPresent("org.springframework.vault.core.ReactiveVaultOperations", loader)) {
                return "spring-vault-core, which saas-connect-vault needs, is not on the class path";
            }
            return "the Vault store's auto-configuration did not run (is it excluded?)";
        }
    }

    /** {@code store.type=jdbc} and, after saas-connect-jdbc's auto-configuration, still no store. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(name = "saas-connect.store.type", havingValue = "jdbc")
    static class JdbcStoreMissingConfiguration {

        @Bean
        TokenStore saasConnectJdbcTokenStore(ResourceLoader resources) {
            ClassLoader loader = resources.getClassLoader();
            String missing = !ClassUtils.isPresent(JDBC_STORE_AUTO_CONFIGURATION, loader)
                    ? "io.github.saasconnect:saas-connect-jdbc is not on the class path"
                    : !ClassUtils.isPresent("org.springframework.jdbc.core.simple.JdbcClient", loader)
                            ? "spring-jdbc, which saas-connect-jdbc needs, is not on the class path"
                            : "the JDBC store's auto-configuration did not run (is it excluded?)";
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.store.type",
                    "is 'jdbc' but " + missing,
                    "Add the dependency io.github.saasconnect:saas-connect-jdbc (same version as the starter) and "
                            + "spring-boot-starter-jdbc with your database's driver, or choose another store type");
        }
    }
}
