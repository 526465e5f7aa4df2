package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectSettings;
import io.github.saasconnect.connect.Connections;
import io.github.saasconnect.connect.ReturnToPolicy;
import io.github.saasconnect.event.ReconnectLinks;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.file.FilePendingAuthorizationStore;
import io.github.saasconnect.store.file.FileTokenStore;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ConnectFlow}, the token-free {@link Connections} view, and the store its pending authorizations wait in: beside the token store (the file
 * store's directory, or memory for the memory store). Both back off when the application defines its own.
 */
@AutoConfiguration(after = SaasConnectAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@ConditionalOnBean({TokenStore.class, ProviderRegistry.class, OAuth2TokenClient.class})
@EnableConfigurationProperties({SaasConnectConnectProperties.class, SaasConnectWebProperties.class})
public final class ConnectFlowAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PendingAuthorizationStore saasConnectPendingAuthorizationStore(
            TokenStore store, SaasConnectConnectProperties properties, ObjectProvider<Clock> clock) {
        Clock time = clock.getIfUnique(Clock::systemUTC);
        return switch (properties.getPendingStore()) {
            case MEMORY -> new InMemoryPendingAuthorizationStore(time);
            case FILE -> {
                if (!(store instanceof FileTokenStore file)) {
                    throw new InvalidSaasConnectConfigurationException(
                            "saas-connect.connect.pending-store",
                            "'file' needs the file token store, but the token store is '" + store.name() + "'",
                            "Set it to auto, or use saas-connect.store.type=file");
                }
                yield FilePendingAuthorizationStore.besides(file, time);
            }
            case AUTO ->
                store instanceof FileTokenStore file
                        ? FilePendingAuthorizationStore.besides(file, time)
                        : store instanceof InMemoryTokenStore
                                ? new InMemoryPendingAuthorizationStore(time)
                                : new UnavailablePendingAuthorizationStore(store.name());
        };
    }

    /** The token-free view of the stored connections, for settings pages, admin screens and jobs. */
    @Bean
    @ConditionalOnMissingBean
    Connections saasConnectConnections(ProviderRegistry registry, TokenStore store) {
        return new Connections(registry, store);
    }

    /**
     * Where users reconnect: {@code saas-connect.connect.reconnect-url}, else the GET start endpoint when
     * {@code allow-get-start} is on. The connect flow's missing-scopes outcome and ReauthorizationRequiredEvent carry it.
     */
    @Bean
    @ConditionalOnMissingBean
    ReconnectLinks saasConnectReconnectLinks(ProviderRegistry registry, SaasConnectConnectProperties connect) {
        URI page = connect.getReconnectUrl();
        if (page != null
                && (!page.isAbsolute()
                        && (page.getPath() == null || !page.getPath().startsWith("/")))) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.connect.reconnect-url",
                    "it must be an absolute URL or a path starting with '/'",
                    "Give the page of your application where users connect, such as https://app.example.com/settings");
        }
        return new ConfiguredReconnectLinks(registry, page, connect.isAllowGetStart());
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectFlow saasConnectFlow(
            ProviderRegistry registry,
            TokenStore store,
            PendingAuthorizationStore pending,
            OAuth2TokenClient client,
            ApplicationEventPublisher events,
            ObjectProvider<Clock> clock,
            SaasConnectConnectProperties connect,
            SaasConnectWebProperties web,
            ReconnectLinks links,
            ObjectProvider<ObservationRegistry> observations) {
        ReturnToPolicy returnTo;
        try {
            returnTo = new ReturnToPolicy(web.getAllowedReturnOrigins(), web.getDefaultReturnTo());
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.web.allowed-return-origins",
                    e.getMessage(),
                    "List origins as scheme://host[:port] and make default-return-to a path "
                            + "starting with a single '/'");
        }
        if (connect.getStateLifetime() == null
                || connect.getStateLifetime().isNegative()
                || connect.getStateLifetime().isZero()) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.connect.state-lifetime",
                    "it must be positive",
                    "Leave it unset for 10 minutes, or give a duration such as 5m");
        }
        if (connect.getMaxPendingPerConnection() < 1) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.connect.max-pending-per-connection",
                    "it must be at least 1 but is " + connect.getMaxPendingPerConnection(),
                    "Leave it unset for " + ConnectSettings.DEFAULT_MAX_PENDING_PER_CONNECTION
                            + ", or give the number of browser tabs a user may connect from at once");
        }
        return ConnectFlow.builder(registry, store, pending, client)
                .events(events)
                .clock(clock.getIfUnique(Clock::systemUTC))
                .settings(new ConnectSettings(
                        connect.getStateLifetime(), returnTo, 5, connect.getMaxPendingPerConnection(), links))
                .observations(observations.getIfUnique(() -> ObservationRegistry.NOOP))
                .build();
    }
}
