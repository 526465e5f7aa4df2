package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;

/**
 * Something that happened to a connection, published as a Spring application event. Events carry ids and
 * times, never tokens.
 */
public sealed interface ConnectionEvent
        permits ConnectionConnectedEvent,
                ConnectionRefreshedEvent,
                ConnectionRecoveredEvent,
                ConnectionDisconnectedEvent,
                ReauthorizationRequiredEvent,
                RefreshTokenExpiringEvent,
                AppTokenMintedEvent,
                AppAccessRevokedEvent,
                AppConsentRequiredEvent,
                ScopesMissingEvent,
                AccountChangeRefusedEvent {

    /** The connection concerned. */
    ConnectionId connection();

    /** When it happened. */
    Instant at();
}
