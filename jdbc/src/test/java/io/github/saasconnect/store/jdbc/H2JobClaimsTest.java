package io.github.saasconnect.store.jdbc;

/** The job claims contract against H2 in memory, the database users run their own tests on. */
class H2JobClaimsTest extends JdbcJobClaimsContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
