package io.github.saasconnect.oauth2;

import java.util.Locale;

/** The check of OpenID Connect Core §3.1.3.7 an ID token failed. */
public enum IdTokenCheck {
    /** Not a signed JWT (compact JWS) with a JSON claims set. */
    MALFORMED,
    /** The signature does not verify with the provider's key, or the token uses an algorithm not accepted. */
    SIGNATURE,
    /** No key of the provider's JWK Set matches the token's {@code kid}, even after fetching the set again. */
    KEY_UNKNOWN,
    /** {@code exp} is past (or {@code nbf} ahead), beyond the allowed clock skew, or {@code exp} is missing. */
    EXPIRED,
    /** {@code iss} is not the provider's issuer. */
    ISSUER,
    /** {@code aud} does not name this registration's client id. */
    AUDIENCE,
    /** {@code nonce} is missing or is not the one sent in the authorization request. */
    NONCE;

    /** The error code the connect flow reports: {@code id_token_} and the check's name ({@code id_token_nonce}). */
    public String errorCode() {
        return "id_token_" + name().toLowerCase(Locale.ROOT);
    }
}
