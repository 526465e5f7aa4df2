package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user connected (or reconnected) an account.
 *
 * @param connection the connection now stored
 * @param at when
 * @param outcome which account it is, against what the owner had connected
 * @param replacedAccount with {@link AccountOutcome#REPLACED_ACCOUNT}: the provider account id the connection held
 *     before, else {@code null}
 * @param replacedGrantRevoked with {@link AccountOutcome#REPLACED_ACCOUNT}: whether the provider confirmed the
 *     revocation of the replaced account's grant
 */
public record ConnectionConnectedEvent(
        ConnectionId connection,
        Instant at,
        AccountOutcome outcome,
        @Nullable String replacedAccount,
        boolean replacedGrantRevoked)
        implements ConnectionEvent {

    public ConnectionConnectedEvent {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An event of the same account (or a first connection) — the form before accounts were told apart. */
    public ConnectionConnectedEvent(ConnectionId connection, Instant at) {
        this(connection, at, AccountOutcome.SAME_ACCOUNT, null, false);
    }

    /** An event that replaced no account. */
    public ConnectionConnectedEvent(ConnectionId connection, Instant at, AccountOutcome outcome) {
        this(connection, at, outcome, null, false);
    }
}
