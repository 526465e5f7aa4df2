package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A completed connect. When the user did not grant every scope asked for ({@link #complete()} is {@code false}) the
 * connection is stored all the same, with the scopes that were granted: its tokens are valid for those, and calls
 * that need a missing scope fail until the user connects again at {@link #reconnectUri()}.
 *
 * @param connection the connection now stored and active
 * @param returnTo where to send the browser (checked when the authorization started)
 * @param replaced whether it replaced a stored connection (a reconnect or a scope upgrade)
 * @param recovered whether the replaced connection needed reauthorization
 * @param missingScopes the scopes asked for that the user did not grant, in request order; empty when all were
 * @param reconnectUri where the user can grant the missing scopes, or {@code null} when none are missing or no URL is
 *     configured
 */
public record ConnectResult(
        ConnectionId connection,
        String returnTo,
        boolean replaced,
        boolean recovered,
        Set<String> missingScopes,
        @Nullable URI reconnectUri) {

    /** The failure code the web endpoints send the browser back with when scopes are missing. */
    public static final String MISSING_SCOPES = "missing_scopes";

    public ConnectResult {
        missingScopes =
                missingScopes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(missingScopes));
    }

    /** A connect that got every scope it asked for. */
    public ConnectResult(ConnectionId connection, String returnTo, boolean replaced, boolean recovered) {
        this(connection, returnTo, replaced, recovered, Set.of(), null);
    }

    /** Whether every scope asked for was granted. */
    public boolean complete() {
        return missingScopes.isEmpty();
    }
}
