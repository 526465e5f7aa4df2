package io.github.saasconnect.store.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL of the connection table; blocking, one statement per call (each its own transaction). */
final class ConnectionTable {

    static final String TABLE = "saas_connect_connection";

    private static final String COLUMNS = "registration, owner_digest, version, key_id, sealed";
    private static final RowMapper<StoredRow> ROW = (rs, n) -> new StoredRow(
            rs.getString("registration"),
            rs.getString("owner_digest"),
            rs.getLong("version"),
            rs.getString("key_id"),
            rs.getBytes("sealed"));

    /** Parameters: registration, owner digest, registration, owner digest. */
    static final String OF_OWNER = "SELECT " + COLUMNS + " FROM " + TABLE
            + " WHERE registration = ? AND owner_digest = ?"
            + " UNION ALL SELECT " + COLUMNS + " FROM " + TABLE + " WHERE registration = ? AND account_owner = ?";

    private final JdbcClient jdbc;

    ConnectionTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StoredRow> find(String registration, String ownerDigest) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE registration = ? AND owner_digest = ?")
                .params(registration, ownerDigest)
                .query(ROW)
                .optional();
    }

    /**
     * Inserts at version 1; {@code false} when the row exists. {@code accountOwner} is the owner's digest on a named
     * account's row, {@code null} on a default connection's.
     */
    boolean insert(
            String registration,
            String ownerDigest,
            @Nullable String accountOwner,
            String keyId,
            byte[] sealed,
            Instant now) {
        try {
            jdbc.sql("INSERT INTO " + TABLE + " (" + COLUMNS
                            + ", account_owner, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?)")
                    .params(registration, ownerDigest, keyId, sealed, accountOwner, utc(now))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Replaces the row if it is at {@code expectedVersion}, moving it to the next version. */
    boolean update(
            String registration, String ownerDigest, long expectedVersion, String keyId, byte[] sealed, Instant now) {
        return jdbc.sql("UPDATE " + TABLE + " SET version = version + 1, key_id = ?, sealed = ?, updated_at = ?"
                                + " WHERE registration = ? AND owner_digest = ? AND version = ?")
                        .params(keyId, sealed, utc(now), registration, ownerDigest, expectedVersion)
                        .update()
                == 1;
    }

    /**
     * Replaces the sealed content of a row that is still at {@code version} without changing the version: the
     * record is the same, only its data key is wrapped anew, so a writer holding that version still wins.
     */
    boolean rewrap(StoredRow row, String keyId, byte[] sealed) {
        return jdbc.sql("UPDATE " + TABLE + " SET key_id = ?, sealed = ?"
                                + " WHERE registration = ? AND owner_digest = ? AND version = ? AND key_id = ?")
                        .params(keyId, sealed, row.registration(), row.ownerDigest(), row.version(), row.keyId())
                        .update()
                == 1;
    }

    void delete(String registration, String ownerDigest) {
        jdbc.sql("DELETE FROM " + TABLE + " WHERE registration = ? AND owner_digest = ?")
                .params(registration, ownerDigest)
                .update();
    }

    /**
     * Every row of the owner whose digest is {@code ownerDigest}: its default connection's (by primary key) and its
     * named accounts' (by the {@code account_owner} index), in no particular order.
     */
    List<StoredRow> ofOwner(String registration, String ownerDigest) {
        return jdbc.sql(OF_OWNER)
                .params(registration, ownerDigest, registration, ownerDigest)
                .query(ROW)
                .list();
    }

    /** Up to {@code limit} rows of {@code registration} after {@code afterDigest}, in digest order. */
    List<StoredRow> page(String registration, String afterDigest, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + TABLE
                        + " WHERE registration = ? AND owner_digest > ? ORDER BY owner_digest LIMIT ?")
                .params(registration, afterDigest, limit)
                .query(ROW)
                .list();
    }

    /** Up to {@code limit} rows not under {@code keyId}, after the given position, in key order. */
    List<StoredRow> notUnder(String keyId, String afterRegistration, String afterDigest, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE key_id <> ?"
                        + " AND (registration > ? OR (registration = ? AND owner_digest > ?))"
                        + " ORDER BY registration, owner_digest LIMIT ?")
                .params(keyId, afterRegistration, afterRegistration, afterDigest, limit)
                .query(ROW)
                .list();
    }

    /** How many records each key id wraps. */
    Map<String, Long> countByKeyId() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT key_id, COUNT(*) AS n FROM " + TABLE + " GROUP BY key_id ORDER BY key_id")
                .query(rs -> {
                    counts.put(rs.getString("key_id"), rs.getLong("n"));
                });
        return counts;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
