package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A user connected but did not grant every scope asked for (Google lets users untick scopes). The connection is
 * stored and works for what was granted; calls that need a missing scope fail until the user connects again at
 * {@link #reconnectUri()} and grants it.
 *
 * @param connection the connection, stored with the granted scopes
 * @param missing the scopes asked for but not granted, in request order
 * @param reconnectUri where the user can grant them, or {@code null} when no URL is configured
 * @param at when the connect completed
 */
public record ScopesMissingEvent(
        ConnectionId connection,
        Set<String> missing,
        @Nullable URI reconnectUri,
        Instant at) implements ConnectionEvent {

    public ScopesMissingEvent {
        Objects.requireNonNull(connection, "connection");
        missing = Collections.unmodifiableSet(new LinkedHashSet<>(missing));
        Objects.requireNonNull(at, "at");
    }
}
