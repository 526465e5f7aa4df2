package io.github.saasconnect.failure;

/** Why a provider stopped honouring a grant. */
public enum ReauthorizationCause {
    /** The refresh token was revoked, expired, rotated away or otherwise rejected. */
    GRANT_INVALID,
    /** A session-control policy ended the session (Google {@code invalid_rapt}); not a revocation. */
    SESSION_CONTROL,
    /** The provider needs the user in the loop (Microsoft {@code interaction_required}, MFA, conditional access). */
    INTERACTION_REQUIRED,
    /** The user or an admin must consent (again). */
    CONSENT_REQUIRED,
    /** The connection has no refresh token and its access token ended (or was rejected). */
    NO_REFRESH_TOKEN,
    /** The connection was already marked as needing reauthorization. */
    ALREADY_MARKED,
    /** An operator marked the connection through the admin endpoint (the grant may still work at the provider). */
    MARKED_BY_ADMIN,
    /**
     * The account the user connected cannot be used by this registration (DocuSign: not a member of the configured
     * account, or no account to work in). The user must connect with another account, or the registration change.
     */
    ACCOUNT_NOT_USABLE
}
