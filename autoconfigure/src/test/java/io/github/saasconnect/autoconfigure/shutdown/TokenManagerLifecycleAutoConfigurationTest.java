package io.github.saasconnect.autoconfigure.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerLifecycle;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/** The token manager's shutdown lifecycle: contributed with the token manager, ordered among Spring's own. */
class TokenManagerLifecycleAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
            .withPropertyValues(
                    "saas-connect.store.type=memory",
                    "saas-connect.providers.gh.type=github",
                    "saas-connect.providers.gh.client-id=Iv1.lifecycle",
                    "saas-connect.providers.gh.client-secret=lifecycle-secret");

    @Test
    void stopsAfterScheduledTasksAndTheWebServersGracefulShutdownAndBeforeTheHttpClientResources() {
        runner.run(ctx -> {
            int phase = ctx.getBean(TokenManagerLifecycle.class).getPhase();
            // higher phases stop first: requests finishing and tasks still running may need a refresh, and token
            // requests run on Reactor Netty's resources
            assertThat(phase)
                    .isLessThan(new ThreadPoolTaskScheduler().getPhase())
                    .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
                    .isGreaterThan(new ReactorResourceFactory().getPhase());
        });
    }

    @Test
    void gracePeriodDefaultsToThirtySecondsAndIsConfigurable() {
        runner.run(ctx -> assertThat(
                        ctx.getBean(SaasConnectProperties.class).getToken().getShutdownGracePeriod())
                .isEqualTo(Duration.ofSeconds(30)));
        runner.withPropertyValues("saas-connect.token.shutdown-grace-period=5s")
                .run(ctx -> assertThat(ctx.getBean(SaasConnectProperties.class)
                                .getToken()
                                .getShutdownGracePeriod())
                        .isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void aNegativeGracePeriodFailsStartupNamingTheProperty() {
        runner.withPropertyValues("saas-connect.token.shutdown-grace-period=-1s")
                .run(ctx -> assertThat(ctx)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                        .hasMessageContaining("saas-connect.token.shutdown-grace-period")
                        .hasMessageContaining("negative"));
    }

    @Test
    void backsOffForTheApplicationsOwnLifecycle() {
        runner.withUserConfiguration(OwnLifecycle.class)
                .run(ctx -> assertThat(ctx)
                        .getBeanNames(TokenManagerLifecycle.class)
                        .containsExactly("mine"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnLifecycle {

        @Bean
        TokenManagerLifecycle mine(TokenManager manager) {
            return new TokenManagerLifecycle(manager, Duration.ofSeconds(1));
        }
    }
}
