package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.event.ConnectionConnectedEvent;
import io.github.saasconnect.event.ConnectionDisconnectedEvent;
import io.github.saasconnect.event.ConnectionRefreshedEvent;
import io.github.saasconnect.failure.ConnectionNotFoundException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The connect flow does not know the token manager: the manager drops its cached token when the context
 * publishes a connected or disconnected event, before the application's own listeners run. No token endpoint is
 * called: every token here is valid for an hour on a fixed clock, so only the cache decides what is served.
 */
class TokenCacheFollowsConnectionEventsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final ConnectionId ALICE = ConnectionId.of("github", "alice");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
            .withBean(Clock.class, () -> Clock.fixed(NOW, ZoneOffset.UTC))
            .withPropertyValues(
                    "saas-connect.store.type=memory",
                    "saas-connect.providers.github.type=github",
                    "saas-connect.providers.github.client-id=Iv1.events",
                    "saas-connect.providers.github.client-secret=events-client-secret");

    @Test
    void aReconnectPublishedByTheContextMakesTheManagerServeTheNewGrant() {
        runner.run(ctx -> {
            TokenManager tokens = ctx.getBean(TokenManager.class);
            write(ctx, "first-access-token", 0);
            assertThat(token(tokens)).isEqualTo("first-access-token");

            // the flow writes the new grant, then publishes; until then the cached token is still served
            write(ctx, "second-access-token", 1);
            assertThat(token(tokens)).isEqualTo("first-access-token");
            ctx.publishEvent(new ConnectionRefreshedEvent(ALICE, NOW));
            assertThat(token(tokens)).as("other events leave the cache alone").isEqualTo("first-access-token");

            ctx.publishEvent(new ConnectionConnectedEvent(ALICE, NOW));
            assertThat(token(tokens)).isEqualTo("second-access-token");
        });
    }

    @Test
    void aDisconnectPublishedByTheContextStopsTheCachedTokenBeingServed() {
        runner.run(ctx -> {
            TokenManager tokens = ctx.getBean(TokenManager.class);
            write(ctx, "first-access-token", 0);
            assertThat(token(tokens)).isEqualTo("first-access-token");
            ctx.getBean(TokenStore.class).delete(ALICE).block();

            ctx.publishEvent(new ConnectionDisconnectedEvent(ALICE, true, NOW));

            assertThatThrownBy(() -> token(tokens)).isInstanceOf(ConnectionNotFoundException.class);
        });
    }

    @Test
    void theApplicationsOwnListenerAlreadySeesTheNewGrant() {
        runner.withUserConfiguration(AppListener.class).run(ctx -> {
            write(ctx, "first-access-token", 0);
            assertThat(token(ctx.getBean(TokenManager.class))).isEqualTo("first-access-token");
            write(ctx, "second-access-token", 1);

            ctx.publishEvent(new ConnectionConnectedEvent(ALICE, NOW));

            assertThat(ctx.getBean(AppListener.class).seen).containsExactly("second-access-token");
        });
    }

    /** An application listener that asks for a token as soon as a connection is made. */
    @Configuration(proxyBeanMethods = false)
    static class AppListener {

        final List<String> seen = new CopyOnWriteArrayList<>();
        private final TokenManager tokens;

        AppListener(TokenManager tokens) {
            this.tokens = tokens;
        }

        @EventListener
        void connected(ConnectionConnectedEvent event) {
            seen.add(token(tokens));
        }
    }

    private static String token(TokenManager tokens) {
        AccessToken token = tokens.accessToken(ALICE).block(Duration.ofSeconds(5));
        return token.value().reveal();
    }

    private static void write(AssertableApplicationContext ctx, String accessToken, long expectedVersion) {
        TokenStore store = ctx.getBean(TokenStore.class);
        Long version = store.write(
                        new ConnectionRecord(
                                ConnectionRecord.CURRENT_SCHEMA,
                                ALICE,
                                ConnectionStatus.ACTIVE,
                                Secret.of("refresh-" + accessToken),
                                null,
                                Secret.of(accessToken),
                                NOW.plus(Duration.ofHours(1)),
                                "Bearer",
                                Set.of(),
                                Map.of(),
                                NOW,
                                NOW,
                                null,
                                null,
                                "g1"),
                        expectedVersion)
                .block();
        assertThat(version).isEqualTo(expectedVersion + 1);
    }
}
