package io.github.saasconnect.testkit.sandbox.microsoft;

/** Token-endpoint errors a test can inject with {@link MicrosoftSandbox#tokenError(MicrosoftTokenError)}. */
public enum MicrosoftTokenError {

    /** {@code interaction_required}, AADSTS50076: multi-factor authentication is now required. */
    INTERACTION_REQUIRED(
            "interaction_required",
            50076,
            "Due to a configuration change made by your administrator, or because you moved to a new location, you "
                    + "must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'."),

    /** {@code consent_required}, AADSTS65001: the user or admin has not consented. */
    CONSENT_REQUIRED(
            "consent_required",
            65001,
            "The user or administrator has not consented to use the application. Send an interactive authorization "
                    + "request for this user and resource."),

    /** {@code temporarily_unavailable}: retry after a short delay. */
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 90033, "A transient error has occurred. Please try again."),

    /** {@code invalid_grant}, AADSTS70043: Conditional Access sign-in frequency ended the session. */
    SIGN_IN_FREQUENCY(
            "invalid_grant",
            70043,
            "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access."),

    /**
     * {@code invalid_client}, AADSTS7000215 (HTTP 401): the secret sent is not one of the app's; what the sandbox
     * also answers to a wrong secret. Queue it to refuse a request whose credentials are right.
     */
    INVALID_CLIENT_SECRET(
            401,
            "invalid_client",
            7000215,
            "Invalid client secret provided. Ensure the secret being "
                    + "sent in the request is the client secret value, not the client secret ID, for a secret added to app "
                    + "'{app}'."),

    /** {@code invalid_client}, AADSTS7000222 (HTTP 401): the app's secret has expired. */
    EXPIRED_CLIENT_SECRET(
            401,
            "invalid_client",
            7000222,
            "The provided client secret keys for app '{app}' are "
                    + "expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or "
                    + "consider using certificate credentials for added security: https://aka.ms/certCreds.");

    private final int status;
    private final String error;
    private final int code;
    private final String message;

    MicrosoftTokenError(String error, int code, String message) {
        this(400, error, code, message);
    }

    MicrosoftTokenError(int status, String error, int code, String message) {
        this.status = status;
        this.error = error;
        this.code = code;
        this.message = message;
    }

    /** The HTTP status Microsoft answers it with: 401 for client authentication, else 400. */
    public int status() {
        return status;
    }

    /** The OAuth {@code error} value. */
    public String error() {
        return error;
    }

    /** The AADSTS code in {@code error_codes}. */
    public int code() {
        return code;
    }

    /** The AADSTS text for the app {@code clientId}. */
    String message(String clientId) {
        return message.replace("{app}", clientId);
    }
}
