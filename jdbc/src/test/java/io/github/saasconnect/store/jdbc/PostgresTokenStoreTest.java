package io.github.saasconnect.store.jdbc;

/** The store contract against a real PostgreSQL server. */
class PostgresTokenStoreTest extends JdbcTokenStoreContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
