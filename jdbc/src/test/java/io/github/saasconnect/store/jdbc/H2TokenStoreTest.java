package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The store contract against H2 in memory, the database users run their own tests on. */
class H2TokenStoreTest extends TokenStoreContract {

    private TestDatabase db;

    @Override
    protected TokenStore createStore() {
        db = TestDatabase.h2();
        return TestStores.store(db.newDataSource());
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }
}
