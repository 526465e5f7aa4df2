package io.github.saasconnect.connect;

import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * Why a connect, callback or disconnect was refused. The web endpoints map each to an HTTP status; none of
 * them changed a connection.
 */
public enum ConnectFailure {
    /** No registration by that id is configured. */
    UNKNOWN_REGISTRATION(false),
    /**
     * The connect asked for a scope the registration does not allow (neither its {@code scopes} nor its
     * {@code optional-scopes}).
     */
    SCOPE_NOT_ALLOWED(false),
    /** The return address is neither a local path nor on an allowed origin (an open redirect attempt). */
    INVALID_RETURN_TO(false),
    /** The registration has no redirect URI and none could be derived from the request. */
    NO_REDIRECT_URI(false),
    /** The callback carries no {@code state}. */
    STATE_MISSING(false),
    /** The {@code state} was never issued, or was already used. */
    STATE_UNKNOWN(false),
    /** The {@code state} is older than its lifetime. */
    STATE_EXPIRED(false),
    /** The {@code state} was issued for another registration than the callback's. */
    STATE_REGISTRATION_MISMATCH(false),
    /** The {@code state} was issued to another owner than the one signed in at the callback. */
    STATE_OWNER_MISMATCH(false),
    /** The user declined at the provider ({@code error=access_denied}). */
    ACCESS_DENIED(true),
    /** The provider answered the authorization request with another error. */
    PROVIDER_ERROR(true),
    /** The callback has a valid {@code state} but neither {@code code} nor {@code error}. */
    CODE_MISSING(true),
    /**
     * The code exchange or the post-connect discovery failed in a way that trying again may fix (the provider was
     * unavailable, the code had expired or was used); the cause says how.
     */
    EXCHANGE_FAILED(true),
    /**
     * The provider rejected the registration's client in the code exchange or the discovery (a wrong or expired
     * secret, an unknown client id, a redirect URI or permission it does not know): trying again will not help until
     * an administrator fixes the configuration or the app registration at the provider.
     */
    CLIENT_MISCONFIGURED(true),
    /**
     * The account the user signed in with cannot be used by this registration (DocuSign {@code account_not_found},
     * {@code no_account}, {@code no_default_account}); {@link ConnectFlowException#errorCode()} is the adapter's code.
     * The user must connect with another account, or an administrator change the registration.
     */
    ACCOUNT_NOT_USABLE(true),
    /**
     * The ID token of the code exchange failed a check of OpenID Connect Core §3.1.3.7 (issuer, audience, expiry,
     * nonce, signature): a replayed or injected authorization response, or a registration whose issuer or keys are
     * wrong. Nothing was stored; {@link ConnectFlowException#errorCode()} names the check ({@code id_token_nonce},
     * {@code id_token_issuer} ...), see {@link io.github.saasconnect.oauth2.IdTokenCheck}.
     */
    ID_TOKEN_INVALID(true),
    /**
     * A reconnect came back as another provider account than the stored connection's, and the registration keeps one
     * connection per owner and refuses a change ({@code on-account-change: refuse}, the default). The connection stays
     * as it was; the user can sign out at the provider and connect again, or disconnect first. Its error code is
     * {@code account_changed}.
     */
    ACCOUNT_CHANGED(true),
    /** Disconnect of a connection that does not exist. */
    NOT_CONNECTED(false);

    private final boolean afterValidState;

    ConnectFailure(boolean afterValidState) {
        this.afterValidState = afterValidState;
    }

    /**
     * Whether the failure came after the state was accepted, so the return address saved with it is trusted
     * and the browser can be sent back there with the error.
     */
    public boolean afterValidState() {
        return afterValidState;
    }

    /**
     * The failure kind of a refusal for this reason: who must act. A failed exchange takes its cause's kind (a
     * provider that was down is {@link FailureKind#TRANSIENT}, an expired code {@link FailureKind#REAUTHORIZATION_REQUIRED}).
     */
    FailureKind kind(Throwable cause) {
        return switch (this) {
            case NO_REDIRECT_URI, CLIENT_MISCONFIGURED -> FailureKind.CLIENT_MISCONFIGURED;
            case ACCOUNT_NOT_USABLE -> FailureKind.REAUTHORIZATION_REQUIRED;
            case NOT_CONNECTED -> FailureKind.NOT_CONNECTED;
            case EXCHANGE_FAILED -> cause instanceof SaasConnectException s ? s.kind() : FailureKind.TRANSIENT;
            default -> FailureKind.REQUEST_REJECTED;
        };
    }
}
