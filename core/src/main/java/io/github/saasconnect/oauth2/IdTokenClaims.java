package io.github.saasconnect.oauth2;

import io.github.saasconnect.connection.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims of an OpenID Connect ID token that came straight from the token endpoint, for adapters that record a
 * stable account id ({@code sub}, {@code tid}/{@code oid}) after a code exchange.
 *
 * <p>The signature is not checked, on purpose: the token was received from the provider's token endpoint over TLS
 * in response to our own authenticated request, which OpenID Connect Core §3.1.3.7 (item 6) accepts as validation
 * of the issuer in place of the signature. Do not use this for ID tokens that reached the application any other way
 * (a browser, a front channel, another service).
 */
public final class IdTokenClaims {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, Object> claims;

    private IdTokenClaims(Map<String, Object> claims) {
        this.claims = Map.copyOf(claims);
    }

    /**
     * The claims of {@code idToken}, or empty when there is no ID token or it is not a JWS compact serialization
     * with a JSON payload. Never throws and never puts token content in a message.
     */
    public static Optional<IdTokenClaims> fromTokenEndpoint(Secret idToken) {
        if (idToken == null) {
            return Optional.empty();
        }
        String[] parts = idToken.reveal().split("\\.", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace("=", ""));
            Map<String, Object> parsed = JSON.readValue(new String(payload, StandardCharsets.UTF_8), MAP);
            parsed.values().removeIf(java.util.Objects::isNull);
            return Optional.of(new IdTokenClaims(parsed));
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.empty();
        }
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
