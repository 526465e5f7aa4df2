package io.github.saasconnect.store.jdbc;

/** The job claims contract against a real PostgreSQL server. */
class PostgresJobClaimsTest extends JdbcJobClaimsContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
