package io.github.saasconnect.importing;

import io.github.saasconnect.connection.ConnectionId;

/**
 * What became of one imported grant. {@code detail} says why, never quoting a token.
 *
 * @param connection the connection it was for
 * @param result what became of it
 * @param detail why
 */
public record ImportOutcome(ConnectionId connection, Result result, String detail) {

    /** What became of a grant. */
    public enum Result {
        /** Stored, and (when verifying) refreshed once: the connection works. */
        IMPORTED,
        /** Stored, but the verifying refresh failed for a reason other than a dead grant (provider down ...). */
        IMPORTED_UNVERIFIED,
        /** Not stored: the provider refused it as dead ({@code invalid_grant} ...), or it was not valid input. */
        REJECTED,
        /** Not stored: the store holds a newer record of the connection, or it changed meanwhile. */
        SKIPPED
    }
}
