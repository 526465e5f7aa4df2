package io.github.saasconnect.store.jdbc;

/** The store contract against H2 in memory, the database users run their own tests on. */
class H2TokenStoreTest extends JdbcTokenStoreContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
