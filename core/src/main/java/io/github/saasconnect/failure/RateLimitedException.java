package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The provider asked us to wait longer than the configured bound allows. */
public final class RateLimitedException extends SaasConnectException {

    private final @Nullable Duration retryAfter;

    public RateLimitedException(
            String registration,
            @Nullable ConnectionId connection,
            @Nullable Duration retryAfter,
            @Nullable String detail) {
        super(
                FailureKind.RATE_LIMITED,
                registration,
                connection,
                where(registration, connection) + " is rate limited"
                        + (retryAfter == null ? "" : "; retry after " + retryAfter)
                        + (detail == null ? "" : " (" + detail + ")"),
                null);
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked us to wait, or {@code null} when it did not say. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
