package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.autoconfigure.sas.AuthorizationResponse;
import io.github.saasconnect.autoconfigure.sas.AuthorizationServerFixture;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.oauth2.AuthorizationRequestUri;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.oauth2.PkceChallenge;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/**
 * The generic {@code oauth2} type, configured by properties alone, end to end against Spring Authorization
 * Server (a real, standards-compliant server we did not write) on 127.0.0.1: authorization code with PKCE
 * through its login and consent forms, refresh with strict rotation, RFC 7009 revocation, and
 * {@code invalid_grant} afterwards.
 */
class GenericOAuth2AgainstSpringAuthorizationServerTest {

    private static final URI REDIRECT = URI.create("http://127.0.0.1/callback");

    private final AuthorizationServerFixture sas = AuthorizationServerFixture.builder()
            .redirectUri(REDIRECT.toString())
            .accessTokenTimeToLive(Duration.ofMinutes(5))
            .start();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @AfterEach
    void stop() {
        sas.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
                .withBean(Clock.class, () -> clock)
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.sas.type=oauth2",
                        "saas-connect.providers.sas.client-id=" + sas.clientId(),
                        "saas-connect.providers.sas.client-secret=" + sas.clientSecret(),
                        "saas-connect.providers.sas.authorization-uri=" + sas.authorizationEndpoint(),
                        "saas-connect.providers.sas.token-uri=" + sas.tokenEndpoint(),
                        "saas-connect.providers.sas.revocation-uri=" + sas.revocationEndpoint(),
                        "saas-connect.providers.sas.redirect-uri=" + REDIRECT,
                        "saas-connect.providers.sas.scopes=read,write",
                        "saas-connect.resilience.initial-backoff=1ms");
    }

    @Test
    void connectsRefreshesWithRotationRevokesAndThenNeedsReauthorization() {
        AtomicReference<ReauthorizationRequiredEvent> reauth = new AtomicReference<>();
        runner().withBean(ApplicationListener.class, () -> (ApplicationListener<PayloadApplicationEvent<?>>) e -> {
                    if (e.getPayload() instanceof ReauthorizationRequiredEvent r) {
                        reauth.set(r);
                    }
                })
                .run(ctx -> {
                    ProviderRegistration registration =
                            ctx.getBean(ProviderRegistry.class).get("sas");
                    OAuth2TokenClient client = ctx.getBean(OAuth2TokenClient.class);
                    TokenStore store = ctx.getBean(TokenStore.class);
                    TokenManager manager = ctx.getBean(TokenManager.class);
                    ConnectionId id = ConnectionId.of("sas", "user-1");

                    // Given the user approves on the server's real login and consent pages (PKCE S256 required there)
                    PkceChallenge pkce = PkceChallenge.generate(new SecureRandom());
                    String state = "state-" + System.nanoTime();
                    URI authorizationUrl = AuthorizationRequestUri.build(registration, REDIRECT, state, pkce);
                    AuthorizationResponse response = sas.userAgent().approve(authorizationUrl);
                    assertThat(response.error()).isNull();
                    assertThat(response.state()).isEqualTo(state);

                    // When the code is exchanged with the verifier
                    TokenSet tokens = client.exchangeAuthorizationCode(
                                    registration, id, response.code(), pkce.verifier(), REDIRECT)
                            .block();
                    assertThat(tokens.refreshToken()).isNotNull();
                    assertThat(tokens.scopes()).contains("read", "write");
                    store.write(ConnectionRecord.connected(id, tokens, Map.of(), clock.instant(), "g1"), 0)
                            .block();
                    assertThat(manager.accessToken(id).block().value()).isEqualTo(tokens.accessToken());

                    // Then, once the access token is due, one refresh rotates the refresh token
                    now.set(now.get().plus(Duration.ofMinutes(5)));
                    AccessToken refreshed = manager.accessToken(id).block();
                    assertThat(refreshed.value()).isNotEqualTo(tokens.accessToken());
                    ConnectionRecord stored = store.read(id).block().record();
                    assertThat(stored.refreshToken()).isNotEqualTo(tokens.refreshToken());
                    assertThatThrownBy(() -> client.refresh(registration, id, tokens.refreshToken())
                                    .block())
                            .isInstanceOf(ReauthorizationRequiredException.class)
                            .hasMessageContaining("invalid_grant");

                    // When the current refresh token is revoked (RFC 7009)
                    client.revoke(registration, id, stored.refreshToken(), "refresh_token")
                            .block();

                    // Then the next refresh fails with invalid_grant, once, and the connection is marked
                    int requestsBefore = sas.tokenRequestCount();
                    now.set(now.get().plus(Duration.ofMinutes(5)));
                    assertThatThrownBy(() -> manager.accessToken(id).block())
                            .isInstanceOf(ReauthorizationRequiredException.class);
                    assertThat(sas.tokenRequestCount() - requestsBefore).isEqualTo(1);
                    assertThat(store.read(id).block().record().status())
                            .isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
                    assertThat(reauth.get()).isNotNull();
                    assertThat(reauth.get().connection()).isEqualTo(id);
                    assertThat(reauth.get().errorCode()).isEqualTo("invalid_grant");
                });
    }

    @Test
    void aDeniedConsentComesBackAsAccessDeniedWithTheSameState() {
        runner().run(ctx -> {
            ProviderRegistration registration =
                    ctx.getBean(ProviderRegistry.class).get("sas");
            URI url = AuthorizationRequestUri.build(
                    registration, REDIRECT, "s-1", PkceChallenge.generate(new SecureRandom()));
            AuthorizationResponse response = sas.userAgent().deny(url);
            assertThat(response.error()).isEqualTo("access_denied");
            assertThat(response.state()).isEqualTo("s-1");
            assertThat(response.code()).isNull();
        });
    }

    @Test
    void aWrongClientSecretIsReportedAsMisconfigurationWithoutTheSecret() {
        runner().withPropertyValues("saas-connect.providers.sas.client-secret=wrong-secret-123")
                .run(ctx -> {
                    ProviderRegistration registration =
                            ctx.getBean(ProviderRegistry.class).get("sas");
                    OAuth2TokenClient client = ctx.getBean(OAuth2TokenClient.class);
                    assertThatThrownBy(() -> client.refresh(
                                            registration, ConnectionId.of("sas", "u"), Secret.of("some-refresh-token"))
                                    .block())
                            .isInstanceOf(io.github.saasconnect.failure.ClientMisconfiguredException.class)
                            .hasMessageContaining("invalid_client")
                            .hasMessageNotContaining("wrong-secret-123")
                            .hasMessageNotContaining("some-refresh-token");
                });
    }
}
