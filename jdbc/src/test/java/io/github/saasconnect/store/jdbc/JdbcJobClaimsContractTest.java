package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.tck.JobClaimsContract;
import org.junit.jupiter.api.AfterEach;

/** The job claims contract on a fresh database per test; the subclasses say which. */
abstract class JdbcJobClaimsContractTest extends JobClaimsContract {

    private TestDatabase db;

    abstract TestDatabase database();

    @Override
    protected TokenStore createStore() {
        db = database();
        return TestStores.store(db.newDataSource());
    }

    @Override
    protected JobClaims claimsOf(TokenStore store) {
        return ((JdbcTokenStore) store).jobClaims();
    }

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }
}
