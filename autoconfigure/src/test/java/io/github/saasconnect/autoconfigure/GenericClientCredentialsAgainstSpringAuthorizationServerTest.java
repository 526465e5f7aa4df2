package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.autoconfigure.sas.AuthorizationServerFixture;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The generic {@code oauth2} type acting as the app, configured by properties alone, against Spring Authorization
 * Server on 127.0.0.1: the client credentials grant with a client secret (the newest of two rejected, the older one
 * serving) and with {@code private_key_jwt}, whose assertion the server verifies against the client's published key.
 */
class GenericClientCredentialsAgainstSpringAuthorizationServerTest {

    private static final ConnectionId APP = ConnectionId.app("sas", "default");

    private final AuthorizationServerFixture sas = AuthorizationServerFixture.builder()
            .clientPublicKey(TestKeys.APP.publicKey())
            .accessTokenTimeToLive(Duration.ofMinutes(5))
            .start();
    private final MutableClock clock = MutableClock.startingNow();

    @AfterEach
    void stop() {
        sas.close();
    }

    private ApplicationContextRunner runner(String... app) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class, SaasConnectAutoConfiguration.class))
                .withBean(Clock.class, () -> clock)
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.sas.type=oauth2",
                        "saas-connect.providers.sas.client-id=" + sas.clientId(),
                        "saas-connect.providers.sas.authorization-uri=" + sas.authorizationEndpoint(),
                        "saas-connect.providers.sas.token-uri=" + sas.tokenEndpoint(),
                        "saas-connect.providers.sas.app.scopes=read",
                        "saas-connect.resilience.initial-backoff=1ms")
                .withPropertyValues(app);
    }

    @Test
    void clientSecretsRotateTheRejectedNewestFallsBackOnTheOlderOneAndTheTokenIsCached() {
        runner("saas-connect.providers.sas.app.client-secrets=not-yet-valid," + sas.clientSecret())
                .run(ctx -> {
                    TokenManager tokens = ctx.getBean(TokenManager.class);

                    AccessToken first = tokens.accessToken(APP).block();

                    assertThat(sas.tokenRequestCount()).isEqualTo(2);
                    SignedJWT jwt = SignedJWT.parse(first.value().reveal());
                    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(sas.clientId());
                    assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope"))
                            .containsExactly("read");
                    // expires_in is whole seconds, so the server may round five minutes down to 299 s
                    assertThat(first.expiresAt())
                            .isBetween(
                                    clock.instant().plusSeconds(298),
                                    clock.instant().plus(Duration.ofMinutes(5)));

                    clock.advance(Duration.ofMinutes(3));
                    assertThat(tokens.accessToken(APP).block().value()).isEqualTo(first.value());
                    assertThat(sas.tokenRequestCount()).isEqualTo(2);

                    clock.advance(Duration.ofMinutes(2));
                    assertThat(tokens.accessToken(APP).block().value()).isNotEqualTo(first.value());
                    assertThat(sas.tokenRequestCount()).isEqualTo(4);
                });
    }

    @Test
    void privateKeyJwtByPropertiesIsVerifiedByTheServerAndConcurrentCallersShareOneRequest() {
        runner("saas-connect.providers.sas.app.private-key.pem=" + TestKeys.APP.pkcs1PrivateKeyPem())
                .run(ctx -> {
                    TokenManager tokens = ctx.getBean(TokenManager.class);
                    ExecutorService pool = Executors.newFixedThreadPool(200);
                    try {
                        CountDownLatch start = new CountDownLatch(1);
                        List<CompletableFuture<String>> calls = new java.util.ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            calls.add(CompletableFuture.supplyAsync(
                                    () -> {
                                        try {
                                            start.await();
                                        } catch (InterruptedException e) {
                                            Thread.currentThread().interrupt();
                                        }
                                        return tokens.blocking()
                                                .accessToken(APP)
                                                .value()
                                                .reveal();
                                    },
                                    pool));
                        }
                        start.countDown();
                        Set<String> values = ConcurrentHashMap.newKeySet();
                        calls.forEach(c -> values.add(c.join()));

                        assertThat(values).hasSize(1);
                        assertThat(sas.tokenRequestCount()).isEqualTo(1);
                    } finally {
                        pool.shutdownNow();
                    }
                });
    }

    @Test
    void anAssertionSignedByAKeyTheServerDoesNotKnowIsRejectedOnceNamingTheRegistration() {
        runner("saas-connect.providers.sas.app.private-key.pem=" + TestKeys.OTHER.privateKeyPem())
                .run(ctx -> {
                    TokenManager tokens = ctx.getBean(TokenManager.class);

                    assertThatThrownBy(() -> tokens.accessToken(APP).block())
                            .isInstanceOfSatisfying(ClientMisconfiguredException.class, e -> {
                                assertThat(e.errorCode()).isEqualTo("invalid_client");
                                assertThat(e.getMessage()).contains("registration 'sas'");
                            });
                    assertThat(sas.tokenRequestCount()).as("not retried").isEqualTo(1);
                });
    }

    @Test
    void aMalformedKeyFailsStartupNamingTheProperty() {
        runner("saas-connect.providers.sas.app.private-key.pem=-----BEGIN PRIVATE KEY-----\nnot-base64!\n"
                        + "-----END PRIVATE KEY-----")
                .run(ctx -> assertThat(ctx.getStartupFailure())
                        .rootCause()
                        .isInstanceOf(InvalidSaasConnectConfigurationException.class)
                        .hasMessageContaining("saas-connect.providers.sas.app.private-key.pem"));
    }

    @Test
    void aKeyOfTheWrongTypeFailsStartupNamingThePropertyWithoutEchoingTheKey() {
        String ec = TestKeys.ecPrivateKeyPem();
        runner("saas-connect.providers.sas.app.private-key.pem=" + ec).run(ctx -> {
            Throwable failure = ctx.getStartupFailure();
            assertThat(failure)
                    .rootCause()
                    .hasMessageContaining("saas-connect.providers.sas.app.private-key.pem")
                    .hasMessageContaining("wrong type");
            Set<String> messages = new HashSet<>();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            assertThat(messages)
                    .noneMatch(m -> m.contains(ec.lines().skip(1).findFirst().orElseThrow()));
        });
    }

    @Test
    void anUnreadableKeyLocationFailsStartupNamingTheProperty() {
        runner("saas-connect.providers.sas.app.private-key.location=file:/nonexistent/app-key.pem")
                .run(ctx -> assertThat(ctx.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("saas-connect.providers.sas.app.private-key.location"));
    }
}
