package io.github.saasconnect.connect;

/**
 * The query parameters the provider sent the browser back with (RFC 6749 §4.1.2, §4.1.2.1). Any of them may be
 * missing; {@link ConnectFlow#complete} says which combination is wrong. {@code toString()} shows which are
 * present, never their values.
 *
 * @param state the {@code state} echoed back
 * @param code the authorization code, on success
 * @param error the error code, such as {@code access_denied}
 * @param errorDescription the provider's human-readable description of the error
 */
public record AuthorizationCallback(String state, String code, String error, String errorDescription) {

    /** A successful answer. */
    public static AuthorizationCallback ofCode(String state, String code) {
        return new AuthorizationCallback(state, code, null, null);
    }

    /** An error answer. */
    public static AuthorizationCallback ofError(String state, String error) {
        return new AuthorizationCallback(state, null, error, null);
    }

    @Override
    public String toString() {
        return "AuthorizationCallback[state=" + (state != null ? "present" : "absent") + ", code="
                + (code != null ? "present" : "absent") + ", error=" + (error != null ? "present" : "absent") + "]";
    }
}
