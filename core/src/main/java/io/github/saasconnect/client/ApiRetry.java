package io.github.saasconnect.client;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.saasconnect.provider.RateLimit;
import java.time.Duration;

/**
 * The Resilience4j retry config of API calls. An attempt that should be sent again ends in {@link Again}, carrying
 * the wait its answer asked for (a {@code Retry-After}, a reset instant, the provider's backoff), already checked
 * against {@code max-retry-after} and the attempt budget by the attempt itself, which alone can read the answer;
 * the interval function waits exactly that. Anything else ends the call as it is.
 *
 * <p>Retries are signalled by exception rather than by {@code retryOnResult} because the attempt must release the
 * rejected answer's body before the wait, and a 401 calls for a refreshed token, not the same request again.
 */
final class ApiRetry {

    private ApiRetry() {}

    /**
     * Attempts per call: {@code max-attempts} for rate limits, and the one resend after a 401 answered by a refresh.
     */
    static RetryConfig config(ClientSettings settings) {
        IntervalBiFunction<Object> waitAsked = (attempt, outcome) ->
                outcome.isLeft() && outcome.getLeft() instanceof Again again ? again.wait.toMillis() : 0L;
        return RetryConfig.custom()
                .maxAttempts(settings.maxAttempts() + 1)
                .retryOnException(e -> e instanceof Again)
                .intervalBiFunction(waitAsked)
                .failAfterMaxAttempts(false)
                .build();
    }

    /**
     * Send the request again: after the rate limit {@code limit} asked for, or at once (with a refreshed token) when
     * it is {@code null}. Stackless: it is control flow, never seen outside.
     */
    static final class Again extends RuntimeException {

        final RateLimit limit;
        private final Duration wait;

        Again(RateLimit limit) {
            super(
                    limit == null ? "send again with a refreshed token" : "send again after " + limit.delay(),
                    null,
                    false,
                    false);
            this.limit = limit;
            this.wait = limit == null ? Duration.ZERO : limit.delay();
        }
    }

    /**
     * A failure to get the access token, carried through the API breaker unrecorded (the token endpoint has a
     * breaker of its own) and unwrapped after it.
     */
    static final class TokenFailure extends RuntimeException {

        TokenFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }

        /** The failure itself, once past the breaker. */
        static Throwable unwrap(Throwable e) {
            return e instanceof TokenFailure t ? t.getCause() : e;
        }
    }
}
