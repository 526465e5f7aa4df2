package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.event.AccountOutcome;
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
 * @param accountOutcome which provider account this is, against what the owner had connected
 * @param account the provider account id that came back, or {@code null} when the provider names none
 * @param requestedAccount the provider account the start named as the one being reconnected, or {@code null}
 */
public record ConnectResult(
        ConnectionId connection,
        String returnTo,
        boolean replaced,
        boolean recovered,
        Set<String> missingScopes,
        @Nullable URI reconnectUri,
        AccountOutcome accountOutcome,
        @Nullable String account,
        @Nullable String requestedAccount) {

    /** The failure code the web endpoints send the browser back with when scopes are missing. */
    public static final String MISSING_SCOPES = "missing_scopes";

    public ConnectResult {
        missingScopes =
                missingScopes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(missingScopes));
        accountOutcome = accountOutcome == null ? AccountOutcome.SAME_ACCOUNT : accountOutcome;
    }

    /** A connect that did not tell provider accounts apart. */
    public ConnectResult(
            ConnectionId connection,
            String returnTo,
            boolean replaced,
            boolean recovered,
            Set<String> missingScopes,
            @Nullable URI reconnectUri) {
        this(connection, returnTo, replaced, recovered, missingScopes, reconnectUri, null, null, null);
    }

    /** A connect that got every scope it asked for. */
    public ConnectResult(ConnectionId connection, String returnTo, boolean replaced, boolean recovered) {
        this(connection, returnTo, replaced, recovered, Set.of(), null);
    }

    /**
     * Whether the start named an account to reconnect and another one came back: with {@code accounts: multiple} it
     * was filed as its own connection (see {@link #accountOutcome()}) and the named one is untouched.
     */
    public boolean otherAccountThanRequested() {
        return requestedAccount != null && account != null && !requestedAccount.equals(account);
    }

    /** Whether every scope asked for was granted. */
    public boolean complete() {
        return missingScopes.isEmpty();
    }
}
