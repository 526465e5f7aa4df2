package io.github.saasconnect.testkit.sandbox.internal;

/**
 * The outcome of a refresh.
 *
 * @param issuance the new tokens, or {@code null} on failure
 * @param presented the refresh token record that was presented, or {@code null} when unknown
 * @param failure why the refresh is refused, or {@code null} on success
 */
public record RefreshResult(TokenIssuance issuance, RefreshToken presented, Failure failure) {

    /** Why a refresh token is refused. */
    public enum Failure {
        /** Never issued (or garbled). */
        UNKNOWN,
        /** Issued to another client. */
        CLIENT_MISMATCH,
        /** Revoked, or its grant was. */
        REVOKED,
        /** Past its fixed lifetime, or expired by a test. */
        EXPIRED,
        /** Unused for longer than the idle lifetime. */
        IDLE_EXPIRED,
        /** Already exchanged for a successor, and the rotation rule no longer accepts it. */
        ALREADY_USED,
        /** Asked for scopes beyond those granted. */
        INVALID_SCOPE
    }

    public boolean succeeded() {
        return failure == null;
    }
}
