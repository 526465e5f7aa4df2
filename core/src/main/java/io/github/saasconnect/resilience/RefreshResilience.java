package io.github.saasconnect.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.http.internal.HttpStatusFailures;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * Resilience4j {@link Retry}, {@link CircuitBreaker} and {@link Bulkhead} per registration, around token
 * requests, and a second circuit breaker per registration for its API calls.
 *
 * <p>A token request runs through them in this order, outermost first:
 * <ol>
 *   <li>the bulkhead, which caps concurrent refreshes and rejects the excess at once. A rejected caller never
 *       reaches the breaker, so a full bulkhead is never recorded as a provider failure;</li>
 *   <li>the circuit breaker, which records one outcome per call: the result after the retries. A fault that a
 *       retry recovered from is a success, so isolated faults never open it. Only transient failures and
 *       ambiguous rotations count; a revoked grant or a rate limit is neither success nor failure;</li>
 *   <li>the retry, of transient and rate-limited failures only (a {@code Retry-After} within the bound is
 *       honoured).</li>
 * </ol>
 *
 * <p>Breakers are named {@code saas-connect-<registration>} (token endpoint) and
 * {@code saas-connect-<registration>.api} (API calls, see {@link #apiBreaker(String)}); retries and bulkheads
 * {@code saas-connect-<registration>}. The {@code .} cannot occur in a registration id, so no two registrations'
 * names collide. They live in the given registries, so an app's own registries (and their metrics) see them.
 */
public final class RefreshResilience {

    private static final String PREFIX = "saas-connect-";
    private static final String API_SUFFIX = ".api";

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final ResilienceSettings settings;
    private final RetryConfig retryConfig;
    private final CircuitBreakerConfig breakerConfig;
    private final CircuitBreakerConfig apiBreakerConfig;
    private final BulkheadConfig bulkheadConfig;

    public RefreshResilience(
            RetryRegistry retries,
            CircuitBreakerRegistry breakers,
            BulkheadRegistry bulkheads,
            ResilienceSettings settings,
            Clock clock) {
        this.retries = retries;
        this.breakers = breakers;
        this.bulkheads = bulkheads;
        this.settings = settings;
        IntervalFunction backoff = new Backoff(
                        settings.initialBackoff(), settings.backoffMultiplier(), settings.maxBackoff())
                .intervals(0.5);
        this.retryConfig = RetryConfig.<Object>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(this::worthRetrying)
                .intervalBiFunction(
                        (Integer attempt, io.github.resilience4j.core.functions.Either<Throwable, Object> outcome) -> {
                            if (outcome.isLeft()
                                    && outcome.getLeft() instanceof RateLimitedException r
                                    && r.retryAfter() != null) {
                                return Math.max(r.retryAfter().toMillis(), 1);
                            }
                            return backoff.apply(attempt);
                        })
                .failAfterMaxAttempts(false)
                .build();
        Predicate<Throwable> counted =
                e -> e instanceof SaasConnectException s && s.kind().countedByBreaker();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(3, settings.minimumNumberOfCalls())))
                .recordException(counted)
                .ignoreException(counted.negate())
                .clock(clock)
                .build();
        // An API answers failures too: a 5xx response is a failed call even though no exception was thrown.
        this.apiBreakerConfig = CircuitBreakerConfig.from(breakerConfig)
                .recordResult(HttpStatusFailures::isTransientAnswer)
                .build();
        this.bulkheadConfig = BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentRefreshes())
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    /** Resilience with private registries and the given settings. */
    public static RefreshResilience withSettings(ResilienceSettings settings, Clock clock) {
        return new RefreshResilience(
                RetryRegistry.ofDefaults(),
                CircuitBreakerRegistry.ofDefaults(),
                BulkheadRegistry.ofDefaults(),
                settings,
                clock);
    }

    /**
     * {@code call} behind the bulkhead, circuit breaker and retry of {@code registration}, in that order; each
     * attempt resubscribes it.
     */
    public <T> Mono<T> decorate(String registration, ConnectionId connection, Mono<T> call) {
        return call.transformDeferred(RetryOperator.of(retries.retry(PREFIX + registration, retryConfig)))
                .transformDeferred(CircuitBreakerOperator.of(breaker(registration)))
                .onErrorMap(
                        CallNotPermittedException.class,
                        e -> new TransientFailureException(
                                registration,
                                connection,
                                0,
                                "circuit breaker for the token endpoint is open; not calling the provider",
                                null))
                .transformDeferred(BulkheadOperator.of(bulkheads.bulkhead(PREFIX + registration, bulkheadConfig)))
                .onErrorMap(
                        BulkheadFullException.class,
                        e -> new TransientFailureException(
                                registration,
                                connection,
                                0,
                                "too many concurrent token requests (bulkhead full)",
                                null));
    }

    /** The circuit breaker of {@code registration}'s token endpoint, {@code saas-connect-<registration>}. */
    public CircuitBreaker breaker(String registration) {
        return breakers.circuitBreaker(PREFIX + registration, breakerConfig);
    }

    /**
     * The circuit breaker of {@code registration}'s API calls, {@code saas-connect-<registration>.api}, with the
     * same thresholds as the token endpoint's. It is a breaker of its own: a failing API must not stop token
     * refreshes, nor a failing token endpoint refuse API calls whose tokens are still valid.
     */
    public CircuitBreaker apiBreaker(String registration) {
        return breakers.circuitBreaker(PREFIX + registration + API_SUFFIX, apiBreakerConfig);
    }

    /**
     * The retry of {@code registration}'s API calls, {@code saas-connect-<registration>.api}, with the given
     * config (the API clients' own: what they retry and how long they wait is theirs to say). Like any registry
     * entry it keeps the config it was first made with: {@code ProviderClients} makes it on a registration's first
     * call, so look it up (for metrics) after that.
     */
    public Retry apiRetry(String registration, RetryConfig config) {
        return retries.retry(PREFIX + registration + API_SUFFIX, config);
    }

    /** The registry holding the circuit breakers of token requests and API calls: bind its metrics. */
    public CircuitBreakerRegistry circuitBreakerRegistry() {
        return breakers;
    }

    /** The registry holding the retries, named {@code saas-connect-<registration>}: bind its metrics. */
    public RetryRegistry retryRegistry() {
        return retries;
    }

    /** The registry holding the bulkheads, named {@code saas-connect-<registration>}: bind its metrics. */
    public BulkheadRegistry bulkheadRegistry() {
        return bulkheads;
    }

    private boolean worthRetrying(Throwable e) {
        if (!(e instanceof SaasConnectException s)
                || !s.kind().retried()
                || s.kind() == FailureKind.STORE_UNAVAILABLE) {
            return false;
        }
        return !(e instanceof RateLimitedException r)
                || r.retryAfter() == null
                || r.retryAfter().compareTo(settings.maxRetryAfter()) <= 0;
    }
}
