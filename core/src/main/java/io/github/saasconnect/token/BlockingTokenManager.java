package io.github.saasconnect.token;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import java.time.Duration;

/**
 * The {@link TokenManager} for code that blocks: scheduled jobs on their own threads. Never call it on an
 * event-loop thread (Reactor refuses to block there).
 */
public final class BlockingTokenManager {

    private final TokenManager manager;
    private final Duration timeout;

    BlockingTokenManager(TokenManager manager, Duration timeout) {
        this.manager = manager;
        this.timeout = timeout;
    }

    /** A valid access token for {@code id}; a cache hit returns without allocating. */
    public AccessToken accessToken(ConnectionId id) {
        AccessToken hit = manager.hit(id);
        if (hit != null) {
            return hit;
        }
        return manager.accessToken(id).block(timeout);
    }

    /** See {@link TokenManager#invalidate(AccessToken)}. */
    public void invalidate(AccessToken rejected) {
        manager.invalidate(rejected);
    }
}
