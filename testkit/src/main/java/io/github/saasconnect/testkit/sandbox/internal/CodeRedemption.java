package io.github.saasconnect.testkit.sandbox.internal;

/**
 * The outcome of presenting an authorization code: the code when it may be exchanged, else why not.
 *
 * @param code the code record when known, else {@code null}
 * @param failure why the exchange is refused, or {@code null} on success
 */
public record CodeRedemption(AuthorizationCode code, Failure failure) {

    /** Why a code cannot be exchanged. */
    public enum Failure {
        UNKNOWN,
        EXPIRED,
        ALREADY_REDEEMED,
        CLIENT_MISMATCH,
        REDIRECT_URI_MISMATCH,
        VERIFIER_MISSING,
        VERIFIER_MISMATCH,
        GRANT_REVOKED
    }

    public boolean succeeded() {
        return failure == null;
    }
}
