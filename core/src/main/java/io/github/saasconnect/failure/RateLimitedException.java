package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import java.time.Duration;

/** The provider asked us to wait longer than the configured bound allows. */
public final class RateLimitedException extends SaasConnectException {

    private final Duration retryAfter;

    public RateLimitedException(String registration, ConnectionId connection, Duration retryAfter, String detail) {
        super(FailureKind.RATE_LIMITED, registration, connection,
                where(registration, connection) + " is rate limited" + (retryAfter == null ? "" : "; retry after "
                        + retryAfter) + (detail == null ? "" : " (" + detail + ")"), null);
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked us to wait, or {@code null} when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
