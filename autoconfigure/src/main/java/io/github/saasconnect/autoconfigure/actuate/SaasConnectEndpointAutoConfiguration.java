package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.observation.HealthSignals;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code saasconnect} Actuator endpoint, when it is available (expose it with
 * {@code management.endpoints.web.exposure.include=health,saasconnect}).
 */
@AutoConfiguration(after = {SaasConnectAutoConfiguration.class, SaasConnectHealthContributorAutoConfiguration.class})
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean({ProviderRegistry.class, RefreshResilience.class})
@ConditionalOnAvailableEndpoint(SaasConnectEndpoint.class)
public final class SaasConnectEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SaasConnectEndpoint saasConnectEndpoint(
            ProviderRegistry registry,
            SaasConnectProperties properties,
            RefreshResilience resilience,
            ObjectProvider<TokenStore> store,
            ObjectProvider<TokenManager> tokens,
            ObjectProvider<HealthSignals> signals) {
        return new SaasConnectEndpoint(
                registry, properties, resilience, store.getIfUnique(), tokens.getIfUnique(), signals.getIfUnique());
    }
}
