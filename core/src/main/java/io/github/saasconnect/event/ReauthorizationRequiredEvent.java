package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ReauthorizationCause;
import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The provider no longer honours a connection's grant: ask the user to connect again.
 *
 * @param reconnectUri where the user connects again ({@link ReconnectLinks}), or {@code null} when none is configured
 */
public record ReauthorizationRequiredEvent(
        ConnectionId connection,
        ReauthorizationCause cause,
        String errorCode,
        Instant at,
        @Nullable URI reconnectUri) implements ConnectionEvent {

    /** An event without a reconnect URL. */
    public ReauthorizationRequiredEvent(
            ConnectionId connection, ReauthorizationCause cause, String errorCode, Instant at) {
        this(connection, cause, errorCode, at, null);
    }

    /** This event carrying {@code reconnectUri}. */
    public ReauthorizationRequiredEvent withReconnectUri(@Nullable URI reconnectUri) {
        return new ReauthorizationRequiredEvent(connection, cause, errorCode, at, reconnectUri);
    }
}
