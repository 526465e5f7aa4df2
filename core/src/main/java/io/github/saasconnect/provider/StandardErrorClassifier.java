package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;

/** The RFC 6749 §5.2 error codes mapped onto the failure taxonomy; adapters start from here. */
public final class StandardErrorClassifier {

    private StandardErrorClassifier() {
    }

    /** The failure for a standard token-endpoint error. */
    public static SaasConnectException classify(String registration, ConnectionId connection, TokenErrorResponse e) {
        String detail = e.description();
        return switch (e.error()) {
            case "invalid_grant" -> new ReauthorizationRequiredException(registration, connection,
                    ReauthorizationCause.GRANT_INVALID, e.error(), detail);
            case "interaction_required", "login_required" -> new ReauthorizationRequiredException(registration,
                    connection, ReauthorizationCause.INTERACTION_REQUIRED, e.error(), detail);
            case "consent_required" -> new ReauthorizationRequiredException(registration, connection,
                    ReauthorizationCause.CONSENT_REQUIRED, e.error(), detail);
            case "temporarily_unavailable", "server_error" -> e.status() == 429
                    ? new RateLimitedException(registration, connection, e.retryAfter(), e.error())
                    : new TransientFailureException(registration, connection, e.status(), "provider error '"
                            + e.error() + "'", null);
            case "slow_down" -> new RateLimitedException(registration, connection, e.retryAfter(), e.error());
            default -> e.status() == 429
                    ? new RateLimitedException(registration, connection, e.retryAfter(), e.error())
                    : e.status() >= 500
                            ? new TransientFailureException(registration, connection, e.status(), "provider error '"
                                    + e.error() + "'", null)
                            : new ClientMisconfiguredException(registration, connection, e.error(), detail);
        };
    }
}
