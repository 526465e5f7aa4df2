package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.net.URI;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Where a user goes to connect a registration again, with scopes to ask for on top of its own: the URL that
 * {@link ReauthorizationRequiredEvent} and {@link ScopesMissingEvent} carry, so a listener can e-mail or show it. The
 * auto-configuration builds it from {@code saas-connect.connect.reconnect-url} (or the GET start endpoint when
 * {@code allow-get-start} is on).
 */
@FunctionalInterface
public interface ReconnectLinks {

    /** No URL known: the application links to its own connect page. */
    ReconnectLinks NONE = (connection, scopes) -> null;

    /**
     * The URL, or {@code null} when none is known.
     *
     * @param connection the connection to reconnect (its owner is not put in the URL: the page acts for whoever is
     *     signed in)
     * @param scopes scopes to ask for on top of the registration's own, possibly empty
     */
    @Nullable
    URI reconnectUri(ConnectionId connection, Collection<String> scopes);
}
