package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.importing.ImportOptions;
import io.github.saasconnect.importing.TokenImport;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Files;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link TokenImport} for the application's own imports, and the one-shot import of {@code saas-connect.import.file}
 * at startup.
 */
@AutoConfiguration(after = SaasConnectAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@ConditionalOnBean(TokenManager.class)
@EnableConfigurationProperties(SaasConnectImportProperties.class)
public final class TokenImportAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TokenImport saasConnectTokenImport(
            TokenStore store, TokenManager tokens, ProviderRegistry registry, ObjectProvider<Clock> clock) {
        return new TokenImport(store, tokens, registry, clock.getIfUnique(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnProperty(name = "saas-connect.import.file")
    TokenImportRunner saasConnectTokenImportRunner(TokenImport tokenImport, SaasConnectImportProperties properties) {
        if (!Files.isReadable(properties.getFile())) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.import.file",
                    "the file " + properties.getFile().toAbsolutePath() + " does not exist or cannot be read",
                    "Point it at a JSON-lines file of grants (README, \"Importing existing grants\"), or remove it");
        }
        if (properties.getConcurrency() < 1) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.import.concurrency",
                    "must be at least 1 but is " + properties.getConcurrency(),
                    "Set a positive number");
        }
        ImportOptions options = new ImportOptions(true, properties.getConcurrency());
        return new TokenImportRunner(
                tokenImport, properties.getFile(), properties.isVerify() ? options : options.withoutVerification());
    }
}
