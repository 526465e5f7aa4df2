package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.TokenStore;
import java.time.Duration;

/** Named accounts for the claim tests. */
final class NamedAccounts {

    private NamedAccounts() {}

    /**
     * Stores {@code owner}'s default connection and a named account of the same owner, and returns the named one:
     * whatever a test does to it must leave the default connection's row and claims alone.
     */
    static ConnectionId beside(TokenStore store, ConnectionId owner) {
        ConnectionId named = owner.withAccount("account-of-" + owner.owner());
        store.write(TestStores.record(owner, 1), 0).block(Duration.ofSeconds(30));
        store.write(TestStores.record(named, 1), 0).block(Duration.ofSeconds(30));
        return named;
    }
}
