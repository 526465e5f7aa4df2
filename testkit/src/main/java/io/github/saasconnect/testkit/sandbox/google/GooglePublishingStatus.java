package io.github.saasconnect.testkit.sandbox.google;

/** The OAuth consent screen's publishing status, which decides the refresh-token lifetime for external users. */
public enum GooglePublishingStatus {

    /** Refresh tokens live until revoked or unused for 6 months. */
    IN_PRODUCTION,

    /**
     * External user type in "Testing": refresh tokens expire after 7 days unless the only scopes are {@code openid},
     * {@code email} and {@code profile} (or their {@code userinfo.*} equivalents).
     */
    TESTING
}
