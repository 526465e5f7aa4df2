package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FileStoreKey;
import io.github.saasconnect.store.file.FileTokenStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The token store: encrypted files by default, memory when asked. Any {@link TokenStore} bean of the
 * application replaces it.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SaasConnectProperties.class)
public final class SaasConnectStoreAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TokenStore.class)
    @ConditionalOnProperty(name = "saas-connect.store.type", havingValue = "file", matchIfMissing = true)
    static class FileStoreConfiguration {

        @Bean(destroyMethod = "close")
        FileTokenStore saasConnectFileTokenStore(SaasConnectProperties properties) {
            SaasConnectProperties.File file = properties.getStore().getFile();
            return FileTokenStore.open(file.getDirectory(), key(file));
        }

        private static FileStoreKey key(SaasConnectProperties.File file) {
            if (file.getKey() != null && !file.getKey().isBlank()) {
                try {
                    return FileStoreKey.fromBase64(file.getKey());
                } catch (IllegalArgumentException e) {
                    throw new InvalidSaasConnectConfigurationException("saas-connect.store.file.key", e.getMessage(),
                            "Set it to the base64 of 32 random bytes (for example: openssl rand -base64 32), "
                                    + "or remove it to use a key file");
                }
            }
            Path keyFile = file.getKeyFile() != null ? file.getKeyFile()
                    : file.getDirectory().toAbsolutePath().resolveSibling("store.key");
            if (Files.exists(keyFile) && !Files.isReadable(keyFile)) {
                throw new InvalidSaasConnectConfigurationException("saas-connect.store.file.key-file",
                        "the key file " + keyFile + " cannot be read", "Make it readable by this process's user "
                                + "(chmod 600, owned by that user) or point the property at another file");
            }
            try {
                return FileStoreKey.loadOrCreate(keyFile);
            } catch (RuntimeException e) {
                throw new InvalidSaasConnectConfigurationException("saas-connect.store.file.key-file",
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
    }
}
