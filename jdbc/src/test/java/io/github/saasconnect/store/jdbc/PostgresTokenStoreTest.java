package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The store contract against a real PostgreSQL server (a schema of its own per test). */
class PostgresTokenStoreTest extends TokenStoreContract {

    private TestDatabase db;

    @Override
    protected TokenStore createStore() {
        db = TestDatabase.postgres();
        return TestStores.store(db.newDataSource());
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }
}
