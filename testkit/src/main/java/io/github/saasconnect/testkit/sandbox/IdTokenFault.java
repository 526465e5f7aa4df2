package io.github.saasconnect.testkit.sandbox;

/** What is wrong with the next ID token a sandbox issues ({@link IdTokenSigner#nextIdToken}). */
public enum IdTokenFault {
    /** {@code nonce} is not the one of the authorization request. */
    WRONG_NONCE,
    /** {@code nonce} is left out although the authorization request sent one. */
    NO_NONCE,
    /** {@code aud} names another client. */
    WRONG_AUDIENCE,
    /** {@code iss} names another issuer. */
    WRONG_ISSUER,
    /** {@code exp} passed two hours ago. */
    EXPIRED,
    /** The signature is not the key's signature over the token. */
    BAD_SIGNATURE,
    /** Signed with a key the JWK Set does not publish (under a key id it does not know). */
    UNKNOWN_KEY
}
