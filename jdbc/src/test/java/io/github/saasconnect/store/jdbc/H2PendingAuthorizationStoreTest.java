package io.github.saasconnect.store.jdbc;

/** The pending-authorization contract against H2 in memory, the database users run their own tests on. */
class H2PendingAuthorizationStoreTest extends JdbcPendingAuthorizationStoreContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
