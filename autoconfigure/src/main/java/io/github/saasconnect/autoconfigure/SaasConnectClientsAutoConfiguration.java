package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.client.ClientSettings;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.client.RateLimitListener;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobSettings;
import io.github.saasconnect.keepalive.KeepAliveScheduler;
import io.github.saasconnect.keepalive.KeepAliveSettings;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.observation.ObservedTokenStore;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Authorized API clients ({@link ProviderClients}), jobs over every connection ({@link ConnectionJobs}) and the
 * keep-alive sweep, on top of the {@link TokenManager}. Every bean backs off when the application defines its own;
 * the keep-alive sweep is on unless {@code saas-connect.keep-alive.enabled=false}.
 */
@AutoConfiguration(
        after = SaasConnectAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
            "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "saas-connect.enabled", matchIfMissing = true)
@ConditionalOnBean(TokenManager.class)
@EnableConfigurationProperties({SaasConnectClientsProperties.class, SaasConnectKeepAliveProperties.class})
public final class SaasConnectClientsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProviderClients saasConnectProviderClients(
            ProviderRegistry registry,
            TokenManager tokens,
            TokenStore store,
            RefreshResilience resilience,
            ObjectProvider<WebClient.Builder> webClients,
            ObjectProvider<RestClient.Builder> restClients,
            ObjectProvider<Clock> clock,
            ObjectProvider<RateLimitListener> listener,
            SaasConnectClientsProperties properties,
            ObjectProvider<ObservationRegistry> observations,
            Environment environment) {
        RenamedKeys.requireNoneSet(environment, "saas-connect.clients");
        BackoffProperties.backoff(
                "saas-connect.clients",
                properties.getInitialBackoff(),
                properties.getBackoffMultiplier(),
                properties.getMaxBackoff());
        ClientSettings settings = new ClientSettings(
                properties.getMaxAttempts(),
                properties.getInitialBackoff(),
                properties.getBackoffMultiplier(),
                properties.getMaxBackoff(),
                properties.getMaxRetryAfter(),
                properties.getMaxPages());
        return ProviderClients.builder(registry, tokens, store, resilience)
                .webClients(() -> webClients.getIfAvailable(JdkWebClients::builder))
                .restClients(() -> restClients.getIfAvailable(RestClient::builder))
                .clock(clock.getIfUnique(Clock::systemUTC))
                .settings(settings)
                .rateLimitListener(listener.getIfAvailable(RateLimitListener::logging))
                .observations(observations.getIfUnique(() -> ObservationRegistry.NOOP))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionJobs saasConnectConnectionJobs(
            TokenStore store,
            ProviderRegistry registry,
            ProviderClients clients,
            ObjectProvider<Clock> clock,
            SaasConnectClientsProperties properties,
            ObjectProvider<ObservationRegistry> observations,
            Environment environment,
            ObjectProvider<JobClaims> claims,
            TokenManager tokens) {
        SaasConnectClientsProperties.Jobs jobs = properties.getJobs();
        ConnectionJobs connectionJobs = new ConnectionJobs(
                ObservedTokenStore.of(store, observations.getIfUnique(() -> ObservationRegistry.NOOP)),
                registry,
                clients,
                clock.getIfUnique(Clock::systemUTC),
                new JobSettings(jobs.getPageSize(), jobs.getMaxRecordedFailures()),
                // spring.threads.virtual.enabled on Java 21+: a blocked job call costs no platform thread
                Threading.VIRTUAL.isActive(environment) ? new VirtualThreadTaskExecutor("saas-connect-job-") : null);
        // the store's claims, for jobs.shared(...): none when the application's own store keeps no claims
        JobClaims jobClaims = claims.getIfUnique();
        return jobClaims == null ? connectionJobs : connectionJobs.withClaims(jobClaims, replicaId(properties, tokens));
    }

    /** This replica's name in job claims: saas-connect.clients.jobs.replica-id, else the token manager's instance id. */
    static String replicaId(SaasConnectClientsProperties properties, TokenManager tokens) {
        String configured = properties.getJobs().getReplicaId();
        if (configured == null || configured.isBlank()) {
            return tokens.settings().instanceId();
        }
        if (configured.length() > 200 || configured.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidSaasConnectConfigurationException(
                    "saas-connect.clients.jobs.replica-id",
                    "must be 1-200 characters without control characters",
                    "Set it to a name unique per running process (such as the pod name), or remove it to use the "
                            + "token manager's instance id");
        }
        return configured;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "saas-connect.keep-alive.enabled", matchIfMissing = true)
    static class KeepAliveConfiguration {

        @Bean
        @ConditionalOnMissingBean
        KeepAliveSweep saasConnectKeepAliveSweep(
                TokenStore store,
                TokenManager tokens,
                ProviderRegistry registry,
                ApplicationEventPublisher events,
                ObjectProvider<Clock> clock,
                SaasConnectKeepAliveProperties properties,
                ObjectProvider<ObservationRegistry> observations,
                ObjectProvider<JobClaims> claims,
                SaasConnectClientsProperties clients) {
            // with the store's claims, instances sweeping together claim each due connection (DESIGN §10)
            return new KeepAliveSweep(
                    store,
                    tokens,
                    registry,
                    events,
                    clock.getIfUnique(Clock::systemUTC),
                    settings(properties),
                    observations.getIfUnique(() -> ObservationRegistry.NOOP),
                    claims.getIfUnique(),
                    replicaId(clients, tokens));
        }

        @Bean
        @ConditionalOnMissingBean
        KeepAliveScheduler saasConnectKeepAliveScheduler(
                KeepAliveSweep sweep, SaasConnectKeepAliveProperties properties) {
            return new KeepAliveScheduler(sweep, settings(properties));
        }

        private static KeepAliveSettings settings(SaasConnectKeepAliveProperties p) {
            return new KeepAliveSettings(
                    p.getInterval(),
                    p.getInitialDelay(),
                    p.getIdleMargin(),
                    p.getExpiryWarning(),
                    p.getConcurrency(),
                    p.getPageSize());
        }
    }
}
