package io.github.saasconnect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testsupport.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/**
 * What the two circuit breakers of a registration record, over HTTP against the GitHub sandbox through
 * {@link ProviderClients} and the {@code TokenManager}: one outcome per call, after its retries; token-endpoint
 * and API failures apart; never a bulkhead rejection. The breaker thresholds are the defaults (50 % of 20 calls,
 * judged from 10); only the backoff between retries is shortened.
 */
@SuppressWarnings("unchecked")
class CircuitBreakerOutcomesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ResilienceSettings DEFAULTS = ResilienceSettings.defaults();

    private final ApiFixture<GitHubSandbox> github = ApiFixture.github();

    CircuitBreakerOutcomesTest() {
        github.resilience = withConcurrentRefreshes(DEFAULTS.maxConcurrentRefreshes(), DEFAULTS.minimumNumberOfCalls());
    }

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void isolatedTokenEndpointFaultsThatEachRecoveredLeaveTheBreakerClosed() {
        // Given as many connections to refresh as the breaker needs calls to judge, each refresh meeting one 500
        CircuitBreaker tokens = github.resilience().breaker("github");
        int calls = DEFAULTS.minimumNumberOfCalls();

        // When each is called once, through the WebClient and the RestClient in turn
        for (int i = 0; i < calls; i++) {
            ConnectionId id = github.connectExpired("user" + i);
            github.sandbox.faults().nextTokenResponse(Fault.htmlServerError());
            Map<String, Object> user = i % 2 == 0
                    ? github.clients()
                            .webClient(id)
                            .get()
                            .uri("/user")
                            .retrieve()
                            .bodyToMono(Map.class)
                            .block(WAIT)
                    : github.clients()
                            .restClient(id)
                            .get()
                            .uri("/user")
                            .retrieve()
                            .body(Map.class);
            assertThat(user).containsEntry("login", "user" + i);
        }

        // Then every fault was retried, and the breaker saw each call once, as the success it was
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(2L * calls);
        assertThat(tokens.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(tokens.getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(tokens.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(calls);
    }

    @Test
    void callsThatFailAfterTheirRetriesOpenTheTokenBreakerButApiCallsWithValidTokensGoOn() {
        // Given a token endpoint that keeps failing, and one connection whose access token is still valid
        CircuitBreaker tokens = github.resilience().breaker("github");
        ConnectionId valid = github.connect("valid");
        github.sandbox.faults().always(Endpoint.TOKEN, Fault.htmlServerError());
        int calls = DEFAULTS.minimumNumberOfCalls();

        // When as many refreshes as the breaker needs fail after their retries
        for (int i = 0; i < calls; i++) {
            ConnectionId id = github.connectExpired("user" + i);
            assertThatThrownBy(() -> github.tokens().accessToken(id).block(WAIT))
                    .isInstanceOf(TransientFailureException.class);
        }

        // Then each call is one failure, not one per attempt, and the breaker is open
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo((long) calls * DEFAULTS.maxAttempts());
        assertThat(tokens.getMetrics().getNumberOfFailedCalls()).isEqualTo(calls);
        assertThat(tokens.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        ConnectionId refused = github.connectExpired("refused");
        assertThatThrownBy(() -> github.tokens().accessToken(refused).block(WAIT))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("circuit breaker for the token endpoint is open");
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo((long) calls * DEFAULTS.maxAttempts());
        // and a call whose token needs no refresh is not refused, by either client
        assertThat((Map<String, Object>) github.clients()
                        .webClient(valid)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .bodyToMono(Map.class)
                        .block(WAIT))
                .containsEntry("login", "valid");
        assertThat((Map<String, Object>) github.clients()
                        .restClient(valid)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .body(Map.class))
                .containsEntry("login", "valid");
    }

    @Test
    void apiServerErrorsOpenTheApiBreakerAndLeaveTokenRefreshWorking() {
        // Given an API answering 500 to every call
        CircuitBreaker tokens = github.resilience().breaker("github");
        CircuitBreaker api = github.resilience().apiBreaker("github");
        ConnectionId alice = github.connect("alice");
        github.sandbox.faults().always(Endpoint.API, Fault.htmlServerError());

        // When twelve calls are made
        for (int i = 0; i < 12; i++) {
            try {
                github.clients()
                        .webClient(alice)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .bodyToMono(Map.class)
                        .block(WAIT);
            } catch (WebClientResponseException.InternalServerError | TransientFailureException expected) {
                // the first ten reach the API, the rest are refused by its open breaker
            }
        }

        // Then the API breaker opened after the calls it needs, and stops further calls
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(DEFAULTS.minimumNumberOfCalls());
        assertThat(api.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> github.clients()
                        .restClient(alice)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .body(Map.class))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("not calling the provider's API");
        // while the token endpoint's breaker recorded nothing, and a refresh still reaches the provider
        assertThat(tokens.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(tokens.getMetrics().getNumberOfBufferedCalls()).isZero();
        ConnectionId bob = github.connectExpired("bob");
        String before = github.storedAccessToken(bob);
        String refreshed = github.tokens().accessToken(bob).block(WAIT).value().reveal();
        assertThat(refreshed).isNotEqualTo(before).isEqualTo(github.storedAccessToken(bob));
        assertThat(github.sandbox.isAccessTokenValid(refreshed)).isTrue();
        assertThat(tokens.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    @Test
    void aFullBulkheadIsNeverRecordedAsAProviderFailure() {
        // Given one refresh at a time, a breaker that judges after two calls, and a refresh that gets no answer
        github.resilience = withConcurrentRefreshes(1, 2);
        CircuitBreaker tokens = github.resilience().breaker("github");
        github.sandbox.faults().nextTokenResponse(Fault.noResponse());
        ConnectionId alice = github.connectExpired("alice");
        Disposable holding = github.tokens().accessToken(alice).subscribe(token -> {}, error -> {});
        Await.until(
                "the first refresh reaches the token endpoint",
                WAIT,
                () -> github.sandbox.requestCount(Endpoint.TOKEN) == 1);

        // When two more connections need a refresh meanwhile
        for (String owner : new String[] {"bob", "carol"}) {
            ConnectionId id = github.connectExpired(owner);
            assertThatThrownBy(() -> github.tokens().accessToken(id).block(WAIT))
                    .isInstanceOf(TransientFailureException.class)
                    .hasMessageContaining("bulkhead full");
        }

        // Then they were turned away without a provider call, and the breaker recorded neither
        assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(1);
        assertThat(tokens.getMetrics().getNumberOfBufferedCalls()).isZero();
        assertThat(tokens.getMetrics().getNumberOfNotPermittedCalls()).isZero();
        assertThat(tokens.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        holding.dispose();
    }

    @Test
    void a401AndTheCallAfterTheRefreshAreOneOutcomeForTheApiBreaker() {
        // Given
        CircuitBreaker api = github.resilience().apiBreaker("github");
        ConnectionId alice = github.connect("alice");
        github.sandbox.expireAccessToken(github.storedAccessToken(alice));

        // When
        Map<String, Object> user = github.clients()
                .webClient(alice)
                .get()
                .uri("/user")
                .retrieve()
                .bodyToMono(Map.class)
                .block(WAIT);

        // Then two exchanges, one call
        assertThat(user).containsEntry("login", "alice");
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
        assertThat(api.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
        assertThat(api.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
    }

    @Test
    void aRateLimitWaitedOutAndTheCallAfterItAreOneSuccessForTheApiBreakerAndOneRetriedCallForItsRetry() {
        // Given a 429 with Retry-After on the next answer (the standard signal core reads without provider help), for
        // the RestClient (blocking) and the WebClient in turn
        CircuitBreaker api = github.resilience().apiBreaker("github");
        ConnectionId alice = github.connect("alice");
        github.sandbox.faults().nextApiResponse(github.sandbox.secondaryRateLimit(429, Duration.ofSeconds(2)));

        // When
        Map<String, Object> blocking =
                github.clients().restClient(alice).get().uri("/user").retrieve().body(Map.class);

        // Then two exchanges, one call: the breaker saw one success, the Resilience4j retry one call retried once
        assertThat(blocking).containsEntry("login", "alice");
        assertThat(github.slept).containsExactly(Duration.ofSeconds(2));
        assertThat(github.sandbox.requestCount(Endpoint.API)).isEqualTo(2);
        assertThat(api.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
        assertThat(api.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        Retry retry = github.resilience().retryRegistry().retry("saas-connect-github.api");
        assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt())
                .isEqualTo(1);

        // and the same through the WebClient, waiting in virtual time
        github.waits.clear();
        github.sandbox.faults().nextApiResponse(github.sandbox.secondaryRateLimit(429, Duration.ofSeconds(30)));
        StepVerifier.withVirtualTime(() -> github.clients()
                        .webClient(alice)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .bodyToMono(Map.class))
                .expectSubscription()
                .then(() -> assertThat(github.nextWait()).isEqualTo(Duration.ofSeconds(30)))
                .thenAwait(Duration.ofSeconds(30))
                .assertNext(user -> assertThat(user).containsEntry("login", "alice"))
                .expectComplete()
                .verify(WAIT);
        assertThat(api.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
        assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt())
                .isEqualTo(2);
    }

    @Test
    void aTokenEndpointFailureDuringAnApiCallCountsForTheTokenBreakerOnly() {
        // Given a connection whose access token has expired and a token endpoint that keeps failing
        CircuitBreaker tokens = github.resilience().breaker("github");
        CircuitBreaker api = github.resilience().apiBreaker("github");
        ConnectionId alice = github.connectExpired("alice");
        github.sandbox.faults().always(Endpoint.TOKEN, Fault.htmlServerError());

        // When an API call through each client needs a refresh
        assertThatThrownBy(() -> github.clients()
                        .webClient(alice)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .bodyToMono(Map.class)
                        .block(WAIT))
                .isInstanceOf(TransientFailureException.class);
        assertThatThrownBy(() -> github.clients()
                        .restClient(alice)
                        .get()
                        .uri("/user")
                        .retrieve()
                        .body(Map.class))
                .isInstanceOf(TransientFailureException.class);

        // Then the caller sees the token failure as it is; the token breaker recorded two failed calls, the API
        // breaker nothing, and the API was never called
        assertThat(tokens.getMetrics().getNumberOfFailedCalls()).isEqualTo(2);
        assertThat(api.getMetrics().getNumberOfBufferedCalls()).isZero();
        assertThat(api.getMetrics().getNumberOfNotPermittedCalls()).isZero();
        assertThat(github.sandbox.requestCount(Endpoint.API)).isZero();
    }

    private static ResilienceSettings withConcurrentRefreshes(int concurrent, int minimumNumberOfCalls) {
        return new ResilienceSettings(
                DEFAULTS.maxAttempts(),
                Duration.ofMillis(1),
                DEFAULTS.backoffMultiplier(),
                Duration.ofMillis(5),
                DEFAULTS.maxRetryAfter(),
                DEFAULTS.failureRateThreshold(),
                DEFAULTS.slidingWindowSize(),
                minimumNumberOfCalls,
                DEFAULTS.waitInOpenState(),
                concurrent);
    }
}
