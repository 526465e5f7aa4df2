package io.github.saasconnect.store.jdbc;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL of the pending-authorization table; blocking, one statement per call. */
final class PendingTable {

    static final String TABLE = "saas_connect_pending_authorization";

    private final JdbcClient jdbc;

    PendingTable(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String stateDigest, String keyId, byte[] sealed, Instant expiresAt) {
        jdbc.sql("INSERT INTO " + TABLE + " (state_digest, key_id, sealed, expires_at) VALUES (?, ?, ?, ?)")
                .params(stateDigest, keyId, sealed, ConnectionTable.utc(expiresAt))
                .update();
    }

    Optional<byte[]> find(String stateDigest) {
        return jdbc.sql("SELECT sealed FROM " + TABLE + " WHERE state_digest = ?")
                .param(stateDigest)
                .query((rs, n) -> rs.getBytes("sealed"))
                .optional();
    }

    /** Whether this call deleted the row: of concurrent takers exactly one sees {@code true}. */
    boolean delete(String stateDigest) {
        return jdbc.sql("DELETE FROM " + TABLE + " WHERE state_digest = ?")
                        .param(stateDigest)
                        .update()
                == 1;
    }

    /** Drops the entries that expired before {@code now}. */
    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM " + TABLE + " WHERE expires_at < ?")
                .param(ConnectionTable.utc(now))
                .update();
    }
}
