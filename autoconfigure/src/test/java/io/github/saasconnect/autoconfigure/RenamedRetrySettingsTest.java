package io.github.saasconnect.autoconfigure;

import static io.github.saasconnect.autoconfigure.MisplacedProviderSettingsTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.client.ClientSettings;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Every retry takes the same setting names ({@code max-attempts}, {@code initial-backoff}, {@code backoff-multiplier},
 * {@code max-backoff}, {@code max-retry-after}); a name from 0.1 fails startup naming the one to set instead, in
 * whichever relaxed form it was written. Prefixes whose names did not change ({@code saas-connect.resilience},
 * {@code saas-connect.store.vault.retry}) have no old name to catch.
 */
class RenamedRetrySettingsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    SaasConnectStoreAutoConfiguration.class,
                    SaasConnectAutoConfiguration.class,
                    SaasConnectClientsAutoConfiguration.class))
            .withPropertyValues(
                    "saas-connect.store.type=memory",
                    "saas-connect.providers.acme.type=oauth2",
                    "saas-connect.providers.acme.client-id=acme-client",
                    "saas-connect.providers.acme.client-secret=acme-secret",
                    "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                    "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token");

    @Test
    void anOldClientsNameFailsStartupNamingItsReplacement() {
        runner.withPropertyValues("saas-connect.clients.backoff-initial=3s")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.clients.backoff-initial")
                        .hasMessageContaining("was renamed in 0.2")
                        .hasMessageContaining("Set saas-connect.clients.initial-backoff instead"));
    }

    @Test
    void anOldNameInCamelCaseIsCaughtToo() {
        runner.withPropertyValues("saas-connect.clients.maxRateLimitRetries=2")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.clients.max-rate-limit-retries")
                        .hasMessageContaining("saas-connect.clients.max-attempts")
                        .hasMessageContaining("max-rate-limit-retries=5 is max-attempts=6"));
    }

    @Test
    void anOldTokenNameFailsStartupNamingItsReplacement() {
        runner.withPropertyValues("saas-connect.token.pending-write-retry-max=1m")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.token.pending-write-retry-max")
                        .hasMessageContaining("Set saas-connect.token.pending-writes.max-backoff instead"));
    }

    @Test
    void theNewNamesReachTheSettings() {
        runner.withPropertyValues(
                        "saas-connect.token.pending-writes.initial-backoff=2s",
                        "saas-connect.token.pending-writes.backoff-multiplier=3",
                        "saas-connect.token.pending-writes.max-backoff=1m",
                        "saas-connect.token.lease-wait=90s",
                        "saas-connect.clients.max-attempts=4",
                        "saas-connect.clients.max-retry-after=10s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    var token = ctx.getBean(TokenManager.class).settings();
                    assertThat(token.leaseWait()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(token.pendingWrites().initialBackoff()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(token.pendingWrites().backoffMultiplier()).isEqualTo(3.0);
                    assertThat(token.pendingWrites().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
                    ClientSettings clients = ctx.getBean(ProviderClients.class).settings();
                    assertThat(clients.maxAttempts()).isEqualTo(4);
                    assertThat(clients.maxRetryAfter()).isEqualTo(Duration.ofSeconds(10));
                });
    }

    @Test
    void aBackoffThatCannotBeFailsStartupNamingTheProperty() {
        runner.withPropertyValues("saas-connect.clients.backoff-multiplier=0.5")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.clients.backoff-multiplier")
                        .hasMessageContaining("at least 1"));
        runner.withPropertyValues("saas-connect.token.pending-writes.max-backoff=100ms")
                .run(ctx -> failure(ctx.getStartupFailure(), "saas-connect.token.pending-writes.max-backoff")
                        .hasMessageContaining("must not be shorter than initialBackoff"));
    }
}
