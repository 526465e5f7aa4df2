package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.autoconfigure.web.ConnectFlowAutoConfiguration;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.Connections;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * The {@code saasconnectadmin} Actuator endpoint, only when the application turns it on
 * ({@code management.endpoint.saasconnectadmin.access=unrestricted} and exposes it): its default access is none.
 */
@AutoConfiguration(after = ConnectFlowAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean({Connections.class, ConnectFlow.class, TokenManager.class, TokenStore.class})
@ConditionalOnAvailableEndpoint(ConnectionsAdminEndpoint.class)
public final class ConnectionsAdminEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConnectionsAdminEndpoint saasConnectAdminEndpoint(
            Connections connections,
            ProviderRegistry registry,
            TokenStore store,
            TokenManager tokens,
            ConnectFlow flow,
            ApplicationEventPublisher events,
            ObjectProvider<Clock> clock) {
        return new ConnectionsAdminEndpoint(
                connections, registry, store, tokens, flow, events, clock.getIfUnique(Clock::systemUTC));
    }
}
