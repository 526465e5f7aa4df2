package io.github.saasconnect.testkit.sandbox.internal;

/**
 * Whether a presented access token may call an API.
 *
 * @param status the verdict
 * @param token the token record when known, else {@code null}
 */
public record AccessCheck(Status status, AccessToken token) {

    /** The verdict on an access token. */
    public enum Status {
        VALID,
        UNKNOWN,
        EXPIRED,
        REVOKED
    }

    public boolean valid() {
        return status == Status.VALID;
    }
}
