package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.tck.PendingAuthorizationStoreContract;
import io.github.saasconnect.testkit.MutableClock;
import org.junit.jupiter.api.AfterEach;

/**
 * The pending-authorization contract on a fresh database per test, across two instances (separate pools and
 * stores); the subclasses say which database.
 */
abstract class JdbcPendingAuthorizationStoreContractTest extends PendingAuthorizationStoreContract {

    private final MutableClock clock = MutableClock.at(NOW);
    private TestDatabase db;

    abstract TestDatabase database();

    @Override
    protected PendingAuthorizationStore createStore() {
        db = database();
        return instance();
    }

    @Override
    protected PendingAuthorizationStore secondInstance() {
        return instance();
    }

    private PendingAuthorizationStore instance() {
        return JdbcPendingAuthorizationStore.besides(track(TestStores.store(db.newDataSource())), clock);
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }
}
