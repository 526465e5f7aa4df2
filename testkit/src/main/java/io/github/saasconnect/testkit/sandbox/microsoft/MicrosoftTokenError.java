package io.github.saasconnect.testkit.sandbox.microsoft;

/** Token-endpoint errors a test can inject with {@link MicrosoftSandbox#tokenError(MicrosoftTokenError)}. */
public enum MicrosoftTokenError {

    /** {@code interaction_required}, AADSTS50076: multi-factor authentication is now required. */
    INTERACTION_REQUIRED("interaction_required", 50076,
            "Due to a configuration change made by your administrator, or because you moved to a new location, you "
                    + "must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'."),

    /** {@code consent_required}, AADSTS65001: the user or admin has not consented. */
    CONSENT_REQUIRED("consent_required", 65001,
            "The user or administrator has not consented to use the application. Send an interactive authorization "
                    + "request for this user and resource."),

    /** {@code temporarily_unavailable}: retry after a short delay. */
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 90033, "A transient error has occurred. Please try again."),

    /** {@code invalid_grant}, AADSTS70043: Conditional Access sign-in frequency ended the session. */
    SIGN_IN_FREQUENCY("invalid_grant", 70043,
            "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.");

    private final String error;
    private final int code;
    private final String message;

    MicrosoftTokenError(String error, int code, String message) {
        this.error = error;
        this.code = code;
        this.message = message;
    }

    /** The OAuth {@code error} value. */
    public String error() {
        return error;
    }

    /** The AADSTS code in {@code error_codes}. */
    public int code() {
        return code;
    }

    String message() {
        return message;
    }
}
