package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;

/** {@link PostgresNamedAccountJobClaimsTest} on H2. */
class H2NamedAccountJobClaimsTest extends JdbcJobClaimsContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }

    @Override
    protected ConnectionId connection(String owner) {
        return NamedAccounts.beside(store, ConnectionId.of("github", owner));
    }
}
