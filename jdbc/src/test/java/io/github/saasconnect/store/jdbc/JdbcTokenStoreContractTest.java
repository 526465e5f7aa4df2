package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The store contract on a fresh database per test; the subclasses say which. */
abstract class JdbcTokenStoreContractTest extends TokenStoreContract {

    private TestDatabase db;

    abstract TestDatabase database();

    @Override
    protected TokenStore createStore() {
        db = database();
        return TestStores.store(db.newDataSource());
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }
}
