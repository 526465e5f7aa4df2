package io.github.saasconnect.autoconfigure;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.saasconnect.connection.OwnerIds;
import io.github.saasconnect.event.ReconnectLinks;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.BlockingTokenManager;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerLifecycle;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The registrations, the OAuth 2.0 token client, resilience and the {@link TokenManager}. Every bean backs off
 * when the application defines its own. A {@link Clock} bean of the application, when there is exactly one,
 * is the time source (tests inject a fixed clock that way). The application's {@link ObservationRegistry} (Spring
 * Boot's, with its meter and tracing handlers), when it has one, observes what the {@link TokenManager} does. The
 * {@link TokenManagerLifecycle} makes the token manager take part in a graceful shutdown.
 */
@AutoConfiguration(
        after = SaasConnectStoreAutoConfiguration.class,
        afterName = "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration")
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SaasConnectProperties.class)
public final class SaasConnectAutoConfiguration {

    /**
     * Sets how log lines name connection owners ({@code saas-connect.logging.*}) before any bean that logs them is
     * made; {@link OwnerIds} is process-wide, as the loggers are.
     */
    @Bean
    static OwnerIdLogging saasConnectOwnerIdLogging(Environment environment) {
        SaasConnectProperties.Logging logging =
                Binder.get(environment).bindOrCreate("saas-connect.logging", SaasConnectProperties.Logging.class);
        OwnerIds.configure(logging.getOwnerIds(), logging.getOwnerDigestKey());
        return new OwnerIdLogging(logging.getOwnerIds());
    }

    /** The owner-id log mode in force, as a bean so that it is set once per context. */
    record OwnerIdLogging(OwnerIds.Mode mode) {}

    @Bean
    @ConditionalOnMissingBean
    ProviderRegistry saasConnectProviderRegistry(
            SaasConnectProperties properties,
            ObjectProvider<ProviderType> types,
            ObjectProvider<ImportedClientSettings> imported,
            ObjectProvider<AppSigningKeyReferences> keyReferences,
            Environment environment) {
        return new ProviderRegistrations(
                        types.orderedStream().toList(), getClass().getClassLoader(), imported.getIfAvailable())
                .keyReferences(keyReferences.orderedStream().toList())
                .build(
                        properties.getProviders(),
                        RegistrationKeys.unread(environment),
                        RegistrationKeys.legacyOptions(
                                environment, properties.getProviders().keySet()));
    }

    @Bean
    @ConditionalOnMissingBean
    OAuth2TokenClient saasConnectTokenClient(
            ObjectProvider<WebClient.Builder> builders, ObjectProvider<Clock> clock, SaasConnectProperties properties) {
        // built on the first token request: the connector costs ~100 ms that application startup need not pay
        return new OAuth2TokenClient(
                () -> builders.getIfAvailable(JdkWebClients::builder).clone().build(),
                clock.getIfUnique(Clock::systemUTC),
                properties.getToken().getRequestTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    RefreshResilience saasConnectRefreshResilience(
            SaasConnectProperties properties,
            ObjectProvider<RetryRegistry> retries,
            ObjectProvider<CircuitBreakerRegistry> breakers,
            ObjectProvider<BulkheadRegistry> bulkheads,
            ObjectProvider<Clock> clock) {
        SaasConnectProperties.Resilience r = properties.getResilience();
        ResilienceSettings settings = new ResilienceSettings(
                r.getMaxAttempts(),
                r.getInitialBackoff(),
                r.getBackoffMultiplier(),
                r.getMaxBackoff(),
                r.getMaxRetryAfter(),
                r.getFailureRateThreshold(),
                r.getSlidingWindowSize(),
                r.getMinimumNumberOfCalls(),
                r.getWaitInOpenState(),
                r.getMaxConcurrentRefreshes());
        return new RefreshResilience(
                retries.getIfAvailable(RetryRegistry::ofDefaults),
                breakers.getIfAvailable(CircuitBreakerRegistry::ofDefaults),
                bulkheads.getIfAvailable(BulkheadRegistry::ofDefaults),
                settings,
                clock.getIfUnique(Clock::systemUTC));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(TokenStore.class)
    TokenManager saasConnectTokenManager(
            TokenStore store,
            OAuth2TokenClient client,
            ProviderRegistry registry,
            RefreshResilience resilience,
            ApplicationEventPublisher events,
            ObjectProvider<Clock> clock,
            SaasConnectProperties properties,
            ObjectProvider<ObservationRegistry> observations,
            ObjectProvider<ReconnectLinks> reconnectLinks,
            Environment environment) {
        RenamedKeys.requireNoneSet(environment, "saas-connect.token");
        SaasConnectProperties.Token t = properties.getToken();
        SaasConnectProperties.PendingWrites w = t.getPendingWrites();
        TokenManagerSettings defaults = TokenManagerSettings.defaults();
        TokenManagerSettings settings = new TokenManagerSettings(
                t.getInstanceId() != null ? t.getInstanceId() : defaults.instanceId(),
                t.getLeaseDuration(),
                t.getLeasePollInterval(),
                t.getLeaseWait(),
                BackoffProperties.backoff(
                        "saas-connect.token.pending-writes",
                        w.getInitialBackoff(),
                        w.getBackoffMultiplier(),
                        w.getMaxBackoff()),
                t.getBlockingTimeout());
        return TokenManager.builder(store, client, registry)
                .resilience(resilience)
                .events(new ReconnectLinkingEventPublisher(
                        events, () -> reconnectLinks.getIfAvailable(() -> ReconnectLinks.NONE)))
                .clock(clock.getIfUnique(Clock::systemUTC))
                .settings(settings)
                .observations(observations.getIfUnique(() -> ObservationRegistry.NOOP))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TokenManager.class)
    TokenManagerLifecycle saasConnectTokenManagerLifecycle(TokenManager manager, SaasConnectProperties properties) {
        Duration grace = properties.getToken().getShutdownGracePeriod();
        if (grace == null || grace.isNegative()) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.token.shutdown-grace-period",
                    "the grace period must not be negative, was " + grace,
                    "Set it to how long shutdown may wait for refreshes in flight, for example 30s (0s: no wait)");
        }
        return new TokenManagerLifecycle(manager, grace);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(TokenManager.class)
    BlockingTokenManager saasConnectBlockingTokenManager(TokenManager manager) {
        return manager.blocking();
    }
}
