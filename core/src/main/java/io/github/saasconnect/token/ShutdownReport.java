package io.github.saasconnect.token;

/**
 * What a {@link TokenManager#shutdown(java.time.Duration) graceful shutdown} left unfinished when its grace period
 * ran out.
 *
 * @param refreshesInFlight refreshes still waiting for the token endpoint or for the store; a provider that
 *     rotates refresh tokens may already have replaced the stored one
 * @param pendingWrites refreshed token sets the store has not taken
 */
public record ShutdownReport(int refreshesInFlight, int pendingWrites) {

    /** Whether everything finished within the grace period. */
    public boolean complete() {
        return refreshesInFlight == 0 && pendingWrites == 0;
    }
}
