package io.github.saasconnect.store.vault;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.resilience.Backoff;
import io.github.saasconnect.store.StaleVersionException;
import java.time.Duration;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * How the Vault stores call Vault: a timeout on every request, retries with backoff (Resilience4j {@link Retry}:
 * one for requests safe to send again, one for check-and-set writes), one circuit breaker shared by the token
 * store and the pending-authorization store beside it, and Vault's failures as the stores' own.
 */
final class VaultCallPolicy {

    private final Duration requestTimeout;
    private final Retry idempotentRetry;
    private final Retry checkAndSetRetry;
    private final CircuitBreaker breaker;

    VaultCallPolicy(
            Duration requestTimeout,
            int maxAttempts,
            Backoff backoff,
            Duration maxRetryAfter,
            String breakerName,
            CircuitBreakerConfig breakerConfig) {
        this.requestTimeout = requestTimeout;
        this.idempotentRetry = Retry.of(
                breakerName + "-idempotent",
                retryConfig(maxAttempts, backoff, maxRetryAfter, VaultErrors.Failure::retryable));
        this.checkAndSetRetry = Retry.of(
                breakerName + "-check-and-set",
                retryConfig(maxAttempts, backoff, maxRetryAfter, f -> f.kind() == VaultErrors.Kind.REJECTED));
        // Only an unavailable Vault should open the breaker, not a lost race or a misconfigured policy.
        this.breaker = CircuitBreaker.of(
                breakerName,
                CircuitBreakerConfig.from(breakerConfig)
                        .recordException(e -> e instanceof StoreUnavailableException)
                        .build());
    }

    /**
     * Retries of the failures {@code again} accepts, waiting the backoff or, when Vault answered with a
     * {@code Retry-After}, that (up to {@code maxRetryAfter}) if it is longer.
     */
    private static RetryConfig retryConfig(
            int maxAttempts, Backoff backoff, Duration maxRetryAfter, Predicate<VaultErrors.Failure> again) {
        IntervalFunction waits = backoff.intervals(0.5);
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            long wait = waits.apply(attempt);
            Duration asked =
                    outcome.isLeft() ? VaultErrors.classify(outcome.getLeft()).retryAfter() : null;
            return asked == null ? wait : Math.max(wait, Math.min(asked.toMillis(), maxRetryAfter.toMillis()));
        };
        return RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .retryOnException(e -> again.test(VaultErrors.classify(e)))
                .intervalBiFunction(interval)
                .failAfterMaxAttempts(false)
                .build();
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /** {@code request}, which is safe to send again: sent again after any failure that may pass. */
    <T> Mono<T> idempotent(Mono<T> request) {
        return request.timeout(requestTimeout).transformDeferred(RetryOperator.of(idempotentRetry));
    }

    /**
     * {@code request}, a check-and-set write: sent again as it was only when Vault turned it away (429, 503).
     * Check-and-set makes that safe: a copy that landed after all shows up as a conflict carrying its write id.
     */
    <T> Mono<T> checkAndSet(Mono<T> request) {
        return request.timeout(requestTimeout).transformDeferred(RetryOperator.of(checkAndSetRetry));
    }

    /** Whether {@code e} is already one of the stores' own answers, passed on as it is. */
    static boolean isOurs(Throwable e) {
        return e instanceof SaasConnectException || e instanceof StaleVersionException;
    }

    /**
     * {@code work} with Vault's failures turned into the stores' exceptions (naming {@code where} and its policy)
     * and behind the circuit breaker.
     */
    <T> Mono<T> guarded(ConnectionId id, String registration, String operation, VaultStoreLayout where, Mono<T> work) {
        return work.onErrorMap(
                        e -> !isOurs(e) && !(e instanceof IllegalArgumentException),
                        e -> toStoreFailure(id, registration, operation, where, e))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(
                        CallNotPermittedException.class,
                        e -> new StoreUnavailableException(
                                VaultTokenStore.NAME,
                                id,
                                "calls to Vault are paused after repeated failures (circuit breaker '"
                                        + breaker.getName() + "' is open); they resume on their own",
                                e));
    }

    private static RuntimeException toStoreFailure(
            ConnectionId id, String registration, String operation, VaultStoreLayout layout, Throwable e) {
        VaultErrors.Failure f = VaultErrors.classify(e);
        return switch (f.kind()) {
            case CAS_MISMATCH ->
                new StoreUnavailableException(
                        VaultTokenStore.NAME, id, "unexpected check-and-set " + "conflict on " + operation, e);
            case PERMISSION_DENIED ->
                new VaultStoreMisconfiguredException(
                        id,
                        registration,
                        403,
                        "Vault denied the "
                                + operation + " under " + layout.mount() + "/data/" + layout.prefix() + "/ "
                                + f.detail() + ". Give the token (or the role it logs in with) this policy:\n"
                                + layout.policy());
            case NO_SUCH_MOUNT ->
                new VaultStoreMisconfiguredException(
                        id,
                        registration,
                        404,
                        "Vault has no KV "
                                + "version 2 secrets engine at mount '" + layout.mount() + "' " + f.detail()
                                + ". Enable one "
                                + "(vault secrets enable -path=" + layout.mount()
                                + " kv-v2) or set saas-connect.store.vault.mount");
            default -> new StoreUnavailableException(VaultTokenStore.NAME, id, operation + " failed: " + f.detail(), e);
        };
    }
}
