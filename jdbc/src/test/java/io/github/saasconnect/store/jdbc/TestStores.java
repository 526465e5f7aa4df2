package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.testsupport.RotationRecords;
import java.util.Map;
import javax.sql.DataSource;

/** Keys and stores for the JDBC store's tests. */
final class TestStores {

    static final byte[] OWNER_KEY = Keyring.newKey();
    static final byte[] K1 = Keyring.newKey();
    static final byte[] K2 = Keyring.newKey();
    static final byte[] K3 = Keyring.newKey();

    private TestStores() {}

    static Keyring keyring() {
        return Keyring.builder().active("k1", K1).build();
    }

    static JdbcTokenStore store(DataSource dataSource) {
        return store(dataSource, keyring());
    }

    static JdbcTokenStore store(DataSource dataSource, Keyring keyring) {
        return JdbcTokenStore.builder(dataSource, new EnvelopeCipher(keyring), OwnerDigest.of(OWNER_KEY))
                .build();
    }

    static ConnectionId user(int i) {
        return RotationRecords.user(i);
    }

    static void writeAll(JdbcTokenStore store, int from, int count) {
        RotationRecords.writeAll(store, from, count);
    }

    static Map<ConnectionId, VersionedRecord> readAll(JdbcTokenStore store, int count) {
        return RotationRecords.readAll(store, count);
    }

    static ConnectionRecord record(ConnectionId id, long version) {
        return RotationRecords.record(id, version);
    }
}
