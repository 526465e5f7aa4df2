package io.github.saasconnect.observation;

import io.github.saasconnect.failure.SaasConnectException;
import java.util.Locale;

/** How a token request (refresh or authorization-code exchange) ended; the {@code outcome} key of its observation. */
public enum TokenRequestOutcome {
    /** New tokens came back. */
    SUCCESS,
    /** The grant is dead ({@code invalid_grant} or the provider's equivalent). */
    REAUTHORIZATION_REQUIRED,
    /** The provider rate-limited the request beyond what the retries waited out. */
    RATE_LIMITED,
    /** 5xx, timeouts, resets after the retries; or an open circuit breaker or a full bulkhead (not retried). */
    TRANSIENT,
    /** The provider rejected the client ({@code invalid_client} ...). */
    CLIENT_MISCONFIGURED,
    /** The request was sent and its answer lost, on a provider that rotates strictly. */
    AMBIGUOUS_ROTATION,
    /** Anything else. */
    ERROR,
    /** Every caller went away before the answer came (the request was cancelled). */
    CANCELLED;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /** The outcome of a request that failed with {@code failure}. */
    public static TokenRequestOutcome of(Throwable failure) {
        if (!(failure instanceof SaasConnectException e)) {
            return ERROR;
        }
        return switch (e.kind()) {
            case REAUTHORIZATION_REQUIRED -> REAUTHORIZATION_REQUIRED;
            case RATE_LIMITED -> RATE_LIMITED;
            case TRANSIENT -> TRANSIENT;
            case CLIENT_MISCONFIGURED -> CLIENT_MISCONFIGURED;
            case AMBIGUOUS_ROTATION -> AMBIGUOUS_ROTATION;
            default -> ERROR;
        };
    }

    /** The value of the {@code outcome} tag, such as {@code client_misconfigured}. */
    public String tagValue() {
        return tagValue;
    }
}
