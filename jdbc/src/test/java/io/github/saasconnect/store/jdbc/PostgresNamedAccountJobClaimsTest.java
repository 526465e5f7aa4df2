package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;

/**
 * The job claims contract with every claimed connection a named account whose owner also has a default connection:
 * a named account's claims are its own (the claim table's key is its two-part name) and go with it on delete.
 */
class PostgresNamedAccountJobClaimsTest extends JdbcJobClaimsContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Override
    protected ConnectionId connection(String owner) {
        return NamedAccounts.beside(store, ConnectionId.of("github", owner));
    }
}
