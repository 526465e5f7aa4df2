package io.github.saasconnect.provider.testing;

import io.github.saasconnect.connection.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned-looking ID tokens for tests of claim reading (adapters do not check signatures; see IdTokenClaims). */
public final class Jwts {

    private Jwts() {}

    /** A compact JWS whose payload is {@code claimsJson}. */
    public static Secret idToken(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return Secret.of(b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl");
    }
}
