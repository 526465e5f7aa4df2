package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.RefreshLease;
import io.github.saasconnect.connection.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a {@link ConnectionRecord} into the flat map a store keeps (a Vault secret's {@code data}, a file's
 * JSON) and back. The field names are the stored schema: change them only with a new schema number.
 */
public final class ConnectionRecordCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JsonMapper json = JsonMapper.builder().build();

    /** The record as a map of JSON-compatible values. */
    public Map<String, Object> toMap(ConnectionRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        String account = r.id().account();
        m.put("schema", account == null ? r.schema() : Math.max(r.schema(), ConnectionRecord.NAMED_ACCOUNT_SCHEMA));
        m.put("registration", r.id().registration());
        m.put("owner", r.id().owner());
        if (account != null) {
            m.put("account", account);
        }
        m.put("status", r.status().name());
        putSecret(m, "refresh_token", r.refreshToken());
        putInstant(m, "refresh_token_expires_at", r.refreshTokenExpiresAt());
        putSecret(m, "access_token", r.accessToken());
        putInstant(m, "access_token_expires_at", r.accessTokenExpiresAt());
        m.put("token_type", r.tokenType());
        m.put("scopes", new ArrayList<>(r.scopes()));
        m.put("attributes", new LinkedHashMap<>(r.attributes()));
        putInstant(m, "connected_at", r.connectedAt());
        putInstant(m, "last_refreshed_at", r.lastRefreshedAt());
        if (r.lease() != null) {
            m.put("lease_holder", r.lease().holder());
            putInstant(m, "lease_until", r.lease().until());
            m.put("lease_attempt", r.lease().attemptId());
        }
        if (r.lastError() != null) {
            m.put("error_kind", r.lastError().kind().name());
            m.put("error_code", r.lastError().code());
            putInstant(m, "error_at", r.lastError().at());
        }
        m.put("generation", r.generation());
        return m;
    }

    /**
     * Reads a record written by {@link #toMap}.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public ConnectionRecord fromMap(Map<String, ?> m) {
        try {
            int schema = ((Number) required(m, "schema")).intValue();
            if (schema > ConnectionRecord.NAMED_ACCOUNT_SCHEMA) {
                throw new IllegalArgumentException("record schema " + schema + " is newer than this version reads ("
                        + ConnectionRecord.NAMED_ACCOUNT_SCHEMA + ")");
            }
            ConnectionId id = new ConnectionId(
                    (String) required(m, "registration"), (String) required(m, "owner"), (String) m.get("account"));
            RefreshLease lease = m.get("lease_holder") == null
                    ? null
                    : new RefreshLease(
                            (String) m.get("lease_holder"), instant(m, "lease_until"), (String) m.get("lease_attempt"));
            ConnectionError error = m.get("error_kind") == null
                    ? null
                    : new ConnectionError(
                            FailureKind.valueOf((String) m.get("error_kind")),
                            (String) m.get("error_code"),
                            instant(m, "error_at"));
            @SuppressWarnings("unchecked")
            Map<String, String> attributes =
                    m.get("attributes") == null ? Map.of() : (Map<String, String>) m.get("attributes");
            return new ConnectionRecord(
                    schema,
                    id,
                    ConnectionStatus.valueOf((String) required(m, "status")),
                    Secret.ofNullable((String) m.get("refresh_token")),
                    instant(m, "refresh_token_expires_at"),
                    Secret.of((String) required(m, "access_token")),
                    instant(m, "access_token_expires_at"),
                    (String) m.get("token_type"),
                    strings(m.get("scopes")),
                    attributes,
                    instant(m, "connected_at"),
                    instant(m, "last_refreshed_at"),
                    lease,
                    error,
                    (String) required(m, "generation"));
        } catch (ClassCastException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "stored record has a field of the wrong type: "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    /** The record as UTF-8 JSON. */
    public byte[] toJson(ConnectionRecord record) {
        return json.writeValueAsBytes(toMap(record));
    }

    /**
     * Reads UTF-8 JSON written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when the bytes are not such a record
     */
    public ConnectionRecord fromJson(byte[] bytes) {
        try {
            return fromMap(json.readValue(bytes, MAP));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "stored record is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Object required(Map<String, ?> m, String field) {
        Object value = m.get(field);
        if (value == null) {
            throw new IllegalArgumentException("stored record has no '" + field + "'");
        }
        return value;
    }

    private static LinkedHashSet<String> strings(Object value) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    private static Instant instant(Map<String, ?> m, String field) {
        Object value = m.get(field);
        return value == null ? null : Instant.parse((String) value);
    }

    private static void putInstant(Map<String, Object> m, String field, Instant value) {
        if (value != null) {
            m.put(field, value.toString());
        }
    }

    private static void putSecret(Map<String, Object> m, String field, Secret value) {
        if (value != null) {
            m.put(field, value.reveal());
        }
    }
}
