package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.http.internal.HttpStatusFailures;

/**
 * The RFC 6749 §5.2 error codes mapped onto the failure taxonomy; adapters start from here. A code it does not know
 * falls back on the HTTP status ({@link HttpStatusFailures}); a status below 400 (GitHub's 200 errors) counts as a
 * configuration problem.
 */
public final class StandardErrorClassifier {

    private StandardErrorClassifier() {}

    /** The failure for a standard token-endpoint error. */
    public static SaasConnectException classify(String registration, ConnectionId connection, TokenErrorResponse e) {
        String detail = e.description();
        return switch (e.error()) {
            case "invalid_grant" ->
                new ReauthorizationRequiredException(
                        registration, connection, ReauthorizationCause.GRANT_INVALID, e.error(), detail);
            case "interaction_required", "login_required" ->
                new ReauthorizationRequiredException(
                        registration, connection, ReauthorizationCause.INTERACTION_REQUIRED, e.error(), detail);
            case "consent_required" ->
                new ReauthorizationRequiredException(
                        registration, connection, ReauthorizationCause.CONSENT_REQUIRED, e.error(), detail);
            case "temporarily_unavailable", "server_error" ->
                e.status() == 429
                        ? new RateLimitedException(registration, connection, e.retryAfter(), e.error())
                        : new TransientFailureException(
                                registration, connection, e.status(), "provider error '" + e.error() + "'", null);
            case "slow_down" -> new RateLimitedException(registration, connection, e.retryAfter(), e.error());
            default -> byStatus(registration, connection, e);
        };
    }

    /** An unknown code: what its HTTP status says. */
    private static SaasConnectException byStatus(String registration, ConnectionId connection, TokenErrorResponse e) {
        FailureKind kind = HttpStatusFailures.kind(e.status());
        if (kind == FailureKind.RATE_LIMITED) {
            return new RateLimitedException(registration, connection, e.retryAfter(), e.error());
        }
        if (kind == FailureKind.TRANSIENT) {
            return new TransientFailureException(
                    registration, connection, e.status(), "provider error '" + e.error() + "'", null);
        }
        return new ClientMisconfiguredException(registration, connection, e.error(), e.description());
    }
}
