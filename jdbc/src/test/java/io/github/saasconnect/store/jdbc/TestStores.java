package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
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
}
