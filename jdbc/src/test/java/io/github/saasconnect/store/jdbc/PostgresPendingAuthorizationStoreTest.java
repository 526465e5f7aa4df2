package io.github.saasconnect.store.jdbc;

/** The pending-authorization contract against a real PostgreSQL server. */
class PostgresPendingAuthorizationStoreTest extends JdbcPendingAuthorizationStoreContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
