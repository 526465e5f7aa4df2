package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@link PendingAuthorization} into the flat map a store keeps (a Vault secret's {@code data}, a file's
 * JSON) and back. The field names are the stored schema. The map holds the PKCE verifier and the nonce in clear: a store
 * encrypts them (file) or keeps them in a secret store (Vault).
 *
 * <p>{@code nonce}, {@code scopes} (space-separated) and {@code account} (the provider account a reconnect names,
 * {@link ConnectionId#account()} of {@link PendingAuthorization#connection()}) are optional and were added without a new schema number:
 * entries written before them exist only for the state's lifetime and read back with no nonce (their authorization
 * request sent none, so their ID token carries none to compare) and no extra scopes, and a release that does not know
 * a field reads newer entries by ignoring it (an older release then checks only the registration's own scopes), so
 * instances of both releases can share a store during a rolling upgrade.
 */
public final class PendingAuthorizationCodec {

    /** The layout written by this version. */
    public static final int SCHEMA = 1;

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JsonMapper json = JsonMapper.builder().build();

    /** The entry as a map of JSON-compatible values. */
    public Map<String, Object> toMap(PendingAuthorization p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("key", p.key());
        m.put("registration", p.connection().registration());
        m.put("owner", p.connection().owner());
        if (p.connection().account() != null) {
            m.put("account", p.connection().account());
        }
        m.put("redirect_uri", p.redirectUri().toString());
        m.put("return_to", p.returnTo());
        if (p.codeVerifier() != null) {
            m.put("code_verifier", p.codeVerifier().reveal());
        }
        m.put("created_at", p.createdAt().toString());
        m.put("expires_at", p.expiresAt().toString());
        if (p.nonce() != null) {
            m.put("nonce", p.nonce().reveal());
        }
        if (!p.scopes().isEmpty()) {
            m.put("scopes", String.join(" ", p.scopes()));
        }
        return m;
    }

    /**
     * Reads an entry written by {@link #toMap}.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed, never its value
     */
    public PendingAuthorization fromMap(Map<String, ?> m) {
        try {
            int schema = ((Number) required(m, "schema")).intValue();
            if (schema > SCHEMA) {
                throw new IllegalArgumentException("pending authorization schema " + schema
                        + " is newer than this version reads (" + SCHEMA + ")");
            }
            return new PendingAuthorization(
                    (String) required(m, "key"),
                    new ConnectionId((String) required(m, "registration"), (String) required(m, "owner"), (String)
                            m.get("account")),
                    URI.create((String) required(m, "redirect_uri")),
                    (String) required(m, "return_to"),
                    Secret.ofNullable((String) m.get("code_verifier")),
                    Instant.parse((String) required(m, "created_at")),
                    Instant.parse((String) required(m, "expires_at")),
                    Secret.ofNullable((String) m.get("nonce")),
                    scopes((String) m.get("scopes")));
        } catch (ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("stored pending authorization has a field of the wrong type: "
                    + e.getClass().getSimpleName());
        }
    }

    /** The entry as UTF-8 JSON. */
    public byte[] toJson(PendingAuthorization p) {
        return json.writeValueAsBytes(toMap(p));
    }

    /**
     * Reads UTF-8 JSON written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when the bytes are not such an entry
     */
    public PendingAuthorization fromJson(byte[] bytes) {
        try {
            return fromMap(json.readValue(bytes, MAP));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("stored pending authorization is not valid JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Set<String> scopes(String joined) {
        return joined == null || joined.isBlank()
                ? Set.of()
                : new LinkedHashSet<>(List.of(joined.strip().split(" +")));
    }

    private static Object required(Map<String, ?> m, String field) {
        Object value = m.get(field);
        if (value == null) {
            throw new IllegalArgumentException("stored pending authorization has no '" + field + "'");
        }
        return value;
    }
}
