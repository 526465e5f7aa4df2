package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A reconnect came back as another provider account than the connection's, and the registration keeps one connection
 * per owner and refuses a change ({@code on-account-change: refuse}, the default): the stored connection was left as it
 * was and the other account's tokens were dropped. Often a browser signed into another account at the provider; the
 * app can ask the user to sign out there, or to disconnect first.
 *
 * @param connection the connection that stayed
 * @param storedAccount the provider account id it keeps
 * @param offeredAccount the provider account id that came back and was refused
 * @param at when
 */
public record AccountChangeRefusedEvent(
        ConnectionId connection, String storedAccount, String offeredAccount, Instant at) implements ConnectionEvent {

    public AccountChangeRefusedEvent {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(storedAccount, "storedAccount");
        Objects.requireNonNull(offeredAccount, "offeredAccount");
        Objects.requireNonNull(at, "at");
    }
}
