package io.github.saasconnect.oauth2;

import com.nimbusds.jwt.JWTParser;
import io.github.saasconnect.connection.Secret;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of an OpenID Connect ID token that came straight from the token endpoint, for adapters that record a
 * stable account id ({@code sub}, {@code tid}/{@code oid}) after a code exchange. The connect flow checks that token
 * ({@code iss}, {@code aud}, {@code exp}, {@code nonce} and, where the registration names the keys, the signature:
 * {@link IdTokenValidator}) before any adapter reads it. Do not use {@link #fromTokenEndpoint} alone for ID tokens
 * that reached the application any other way (a browser, a front channel, another service).
 */
public final class IdTokenClaims {

    private final Map<String, Object> claims;

    private IdTokenClaims(Map<String, Object> claims) {
        this.claims = Map.copyOf(claims);
    }

    /**
     * The claims of {@code idToken}, or empty when there is no ID token or it is not a JWT with a JSON claims set.
     * Reads only: the connect flow checked the token of its own code exchange ({@link IdTokenValidator}) before an
     * adapter reads it. Never throws and never puts token content in a message.
     */
    public static Optional<IdTokenClaims> fromTokenEndpoint(Secret idToken) {
        if (idToken == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    of(JWTParser.parse(idToken.reveal()).getJWTClaimsSet().toJSONObject()));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    static IdTokenClaims of(Map<String, Object> claims) {
        Map<String, Object> present = new HashMap<>(claims);
        present.values().removeIf(Objects::isNull);
        return new IdTokenClaims(present);
    }

    /** A claim as text (numbers and booleans in their JSON form), or {@code null} when absent or not a scalar. */
    public String string(String name) {
        Object value = claims.get(name);
        return value instanceof String || value instanceof Number || value instanceof Boolean
                ? String.valueOf(value)
                : null;
    }

    /** Whether the token carries {@code name}. */
    public boolean has(String name) {
        return claims.containsKey(name);
    }

    @Override
    public String toString() {
        return "IdTokenClaims" + claims.keySet();
    }
}
