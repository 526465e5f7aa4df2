package io.github.saasconnect.token;

import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.emptyBody;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.htmlPage;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.failure.AmbiguousRotationException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint.Fault;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/**
 * Retry, circuit breaker and the failure taxonomy around real refreshes: what is retried, what never is, what
 * opens the breaker, and that no fault loses the refresh token.
 */
class TokenManagerResilienceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final ScriptedTokenEndpoint endpoint = fixture.endpoint;

    @AfterEach
    void close() {
        fixture.close();
    }

    static Stream<Arguments> transientFaults() {
        return Stream.of(
                Arguments.of("HTML 500 page", htmlPage(500)),
                Arguments.of("503 without body", emptyBody(503)),
                Arguments.of("503 HTML page", htmlPage(503)),
                Arguments.of("malformed JSON", jsonBody(200, "{\"access_token\":")),
                Arguments.of("temporarily_unavailable", jsonBody(503, "{\"error\":\"temporarily_unavailable\"}")),
                Arguments.of(
                        "429 with Retry-After: 1",
                        jsonBody(429, "{\"error\":\"rate_limited\"}", Map.of("Retry-After", "1"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientFaults")
    void transientFaultIsRetriedAndTheRefreshedTokenIsStored(String name, Fault fault) {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.enqueue(fault);
        TokenManager manager = fixture.manager();

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then
        assertThat(endpoint.tokenRequests()).isEqualTo(2);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.accessToken().reveal()).isEqualTo(token.value().reveal());
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored.lease()).isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void transientFaultsAreRetriedUpToTheAttemptLimit() {
        // Given two faults and three attempts
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.enqueue(htmlPage(500), htmlPage(502));
        TokenManager manager = fixture.manager();

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then
        assertThat(endpoint.tokenRequests()).isEqualTo(3);
        assertThat(fixture.stored(id).accessToken().reveal())
                .isEqualTo(token.value().reveal());
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void transientFaultsBeyondTheAttemptLimitFailTheCallAndLoseNothing() {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.enqueue(htmlPage(500), htmlPage(500), htmlPage(500));
        TokenManager manager = fixture.manager();

        // When
        Throwable failure = failureOf(manager.accessToken(id));

        // Then
        assertThat(failure).isInstanceOf(TransientFailureException.class);
        assertThat(endpoint.tokenRequests()).isEqualTo(3);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored.lease()).as("the refresh lease is released").isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void invalidGrantIsNeverRetriedAndMarksTheConnection() {
        // Given a grant the provider no longer honours
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.revokeAll();
        TokenManager manager = fixture.manager();

        // When
        Throwable failure = failureOf(manager.accessToken(id));

        // Then
        assertThat(failure).isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("invalid_grant");
            assertThat(e.connection()).isEqualTo(id);
        });
        assertThat(endpoint.tokenRequests()).isEqualTo(1);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(stored.lastError().kind()).isEqualTo(FailureKind.REAUTHORIZATION_REQUIRED);
        assertThat(stored.lastError().code()).isEqualTo("invalid_grant");
        assertThat(stored.lease()).isNull();
        assertThat(fixture.events(ReauthorizationRequiredEvent.class))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.connection()).isEqualTo(id);
                    assertThat(event.cause()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
                    assertThat(event.errorCode()).isEqualTo("invalid_grant");
                });
    }

    @Test
    void afterInvalidGrantLaterCallsFailFastWithoutARequest() {
        // Given a connection marked after invalid_grant
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.revokeAll();
        TokenManager manager = fixture.manager();
        failureOf(manager.accessToken(id));

        // When this and another instance ask again
        Throwable again = failureOf(manager.accessToken(id));
        Throwable elsewhere = failureOf(fixture.manager("instance-2").accessToken(id));

        // Then
        assertThat(again)
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReauthorizationCause.ALREADY_MARKED));
        assertThat(elsewhere).isInstanceOf(ReauthorizationRequiredException.class);
        assertThat(endpoint.tokenRequests()).isEqualTo(1);
        assertThat(fixture.events(ReauthorizationRequiredEvent.class)).hasSize(1);
    }

    @Test
    void breakerOpensAfterItsThresholdAndThenCallsFailWithoutReachingTheEndpoint() {
        // Given five calls, the breaker's minimum number, each failing after its three attempts
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        CircuitBreaker breaker = fixture.lastResilience().breaker(TokenManagerFixture.REGISTRATION);
        failCallsAfterTheirRetries(manager, id, 5);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls())
                .as("one outcome per call")
                .isEqualTo(5);
        assertThat(endpoint.tokenRequests()).isEqualTo(15);

        // When
        Throwable failure = failureOf(manager.accessToken(id));

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.getMessage()).contains("circuit breaker"));
        assertThat(endpoint.tokenRequests()).isEqualTo(15);
        assertThat(fixture.stored(id).lease()).isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void openBreakerLetsCallsThroughAfterItsWaitAndClosesOnSuccess() {
        // Given an open breaker
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        CircuitBreaker breaker = fixture.lastResilience().breaker(TokenManagerFixture.REGISTRATION);
        failCallsAfterTheirRetries(manager, id, 5);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // When its wait has passed on the clock it reads, and the provider answers again
        fixture.clock.advance(fixture.resilience.waitInOpenState().plusSeconds(1));
        AccessToken first = manager.accessToken(id).block(WAIT);

        // Then the call goes through, and the successes the half-open breaker asks for close it
        assertThat(endpoint.tokenRequests()).isEqualTo(16);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(fixture.stored(id).accessToken().reveal())
                .isEqualTo(first.value().reveal());
        for (int i = 1; i < Math.min(3, fixture.resilience.minimumNumberOfCalls()); i++) {
            fixture.clock.advance(Duration.ofHours(1));
            manager.accessToken(id).block(WAIT);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void rateLimitsNeverOpenTheBreaker() {
        // Given more rate-limit answers than the breaker's minimum number of calls
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        CircuitBreaker breaker = fixture.lastResilience().breaker(TokenManagerFixture.REGISTRATION);
        for (int i = 0; i < 6; i++) {
            endpoint.enqueue(jsonBody(429, "{\"error\":\"rate_limited\"}", Map.of("Retry-After", "0")));
        }

        // When
        failureOf(manager.accessToken(id));
        failureOf(manager.accessToken(id));

        // Then
        assertThat(endpoint.tokenRequests()).isEqualTo(6);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void retryAfterBeyondTheBoundIsNotWaitedFor() {
        // Given a Retry-After longer than the configured bound (2 s)
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.enqueue(jsonBody(429, "{\"error\":\"rate_limited\"}", Map.of("Retry-After", "600")));
        TokenManager manager = fixture.manager();

        // When
        Throwable failure = failureOf(manager.accessToken(id));

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(600)));
        assertThat(endpoint.tokenRequests()).isEqualTo(1);
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    static Stream<Arguments> lostResponses() {
        return Stream.of(
                Arguments.of("reset", new ScriptedTokenEndpoint.Reset()),
                Arguments.of("no answer (timeout)", new ScriptedTokenEndpoint.Hang()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lostResponses")
    void lostResponseOnAStrictRotationRefreshIsNotRetriedBlindly(String name, Fault lost) {
        // Given the endpoint received the refresh request and its answer is lost
        fixture.timeout = Duration.ofMillis(300);
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.enqueue(lost);
        TokenManager manager = fixture.manager();

        // When
        Throwable failure = failureOf(manager.accessToken(id));

        // Then
        assertThat(failure).isInstanceOf(AmbiguousRotationException.class);
        assertThat(endpoint.tokenRequests()).isEqualTo(1);
        ConnectionRecord stored = fixture.stored(id);
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored.lease()).isNull();
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void failedRefreshServesTheCachedTokenWhileItHasNotExpired() {
        // Given a cached token inside its refresh window but not expired
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        AccessToken cached = manager.accessToken(id).block(WAIT);
        fixture.clock.advance(Duration.ofSeconds(3600 - 30));
        endpoint.enqueue(htmlPage(500), htmlPage(500), htmlPage(500));

        // When the refresh fails
        AccessToken served = manager.accessToken(id).block(WAIT);

        // Then
        assertThat(endpoint.tokenRequests()).isEqualTo(1 + 3);
        assertThat(served.value().reveal()).isEqualTo(cached.value().reveal());
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void failedRefreshOnAnInstanceWithNothingCachedServesTheStoredTokenWhileItHasNotExpired() {
        // Given a stored token inside its refresh window but not expired, and an instance that just started
        ConnectionId id = fixture.seedExpired("alice");
        AccessToken stored = fixture.manager("instance-1").accessToken(id).block(WAIT);
        fixture.clock.advance(Duration.ofSeconds(3600 - 30));
        TokenManager restarted = fixture.manager("instance-2");
        endpoint.enqueue(htmlPage(503), htmlPage(503), htmlPage(503));

        // When its refresh fails
        AccessToken served = restarted.accessToken(id).block(WAIT);

        // Then it serves the stored token, as an instance with it cached would
        assertThat(endpoint.tokenRequests()).isEqualTo(1 + 3);
        assertThat(served.value().reveal()).isEqualTo(stored.value().reveal());
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void hugeHtmlErrorPageOnAStrictRotationRefreshIsTransientNotAmbiguous() {
        // Given an error page larger than the client buffers (a proxy's page with inlined assets)
        ConnectionId id = fixture.seedExpired("alice");
        endpoint.enqueue(new ScriptedTokenEndpoint.Status(
                502, "text/html", "<html>" + "x".repeat(400_000) + "</html>", Map.of()));
        TokenManager manager = fixture.manager();

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then the 502 was retried like any other
        assertThat(endpoint.tokenRequests()).isEqualTo(2);
        assertThat(fixture.stored(id).accessToken().reveal())
                .isEqualTo(token.value().reveal());
    }

    @Test
    void failedRefreshFailsOnceTheCachedTokenHasExpired() {
        // Given a cached token that has expired
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        manager.accessToken(id).block(WAIT);
        fixture.clock.advance(Duration.ofSeconds(3601));
        endpoint.enqueue(htmlPage(500), htmlPage(500), htmlPage(500));

        // When
        Throwable failure = failureOf(manager.accessToken(id));

        // Then
        assertThat(failure).isInstanceOf(TransientFailureException.class);
        assertThat(fixture.storedRefreshTokenIsLive(id)).isTrue();
    }

    @Test
    void aFaultTheRetryRecoveredFromIsOneSuccessForTheBreaker() {
        // Given five calls, the breaker's minimum number, each meeting one fault and then an answer
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = fixture.manager();
        CircuitBreaker breaker = fixture.lastResilience().breaker(TokenManagerFixture.REGISTRATION);

        // When
        for (int i = 0; i < 5; i++) {
            endpoint.enqueue(htmlPage(503));
            manager.accessToken(id).block(WAIT);
            fixture.clock.advance(Duration.ofHours(1));
        }

        // Then
        assertThat(endpoint.tokenRequests()).isEqualTo(10);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(5);
    }

    /** {@code calls} refreshes of {@code id}, each meeting a 500 on every attempt. */
    private void failCallsAfterTheirRetries(TokenManager manager, ConnectionId id, int calls) {
        for (int i = 0; i < calls * fixture.resilience.maxAttempts(); i++) {
            endpoint.enqueue(htmlPage(500));
        }
        for (int i = 0; i < calls; i++) {
            assertThat(failureOf(manager.accessToken(id))).isInstanceOf(TransientFailureException.class);
        }
    }

    private static Throwable failureOf(Mono<?> call) {
        Throwable[] failure = new Throwable[1];
        Object value = call.onErrorResume(e -> {
                    failure[0] = e;
                    return Mono.empty();
                })
                .block(WAIT);
        assertThat(value).as("expected a failure, got a value").isNull();
        assertThat(failure[0]).as("expected a failure").isNotNull();
        return failure[0];
    }
}
