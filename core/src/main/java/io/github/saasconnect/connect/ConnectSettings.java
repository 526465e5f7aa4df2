package io.github.saasconnect.connect;

import io.github.saasconnect.event.ReconnectLinks;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ConnectFlow}.
 *
 * @param stateLifetime how long a started authorization may take before its callback (10 minutes by default)
 * @param returnTo which return addresses are accepted
 * @param maxWriteAttempts how often the connection write is tried when another writer changed the record
 *     in between (compare-and-set conflicts)
 * @param maxPendingPerConnection how many started authorizations one owner may have waiting for one registration;
 *     starting one more replaces the oldest (a page that starts flows in a loop cannot fill the pending store)
 * @param reconnectLinks where a user grants missing scopes ({@link ConnectResult#reconnectUri()},
 *     {@link io.github.saasconnect.event.ScopesMissingEvent}); {@link ReconnectLinks#NONE} by default
 */
public record ConnectSettings(
        Duration stateLifetime,
        ReturnToPolicy returnTo,
        int maxWriteAttempts,
        int maxPendingPerConnection,
        ReconnectLinks reconnectLinks) {

    /** The default state lifetime. */
    public static final Duration DEFAULT_STATE_LIFETIME = Duration.ofMinutes(10);

    /** The default number of authorizations one owner may have waiting per registration: a few browser tabs. */
    public static final int DEFAULT_MAX_PENDING_PER_CONNECTION = 5;

    public ConnectSettings {
        Objects.requireNonNull(stateLifetime, "stateLifetime");
        if (stateLifetime.isNegative() || stateLifetime.isZero()) {
            throw new IllegalArgumentException("stateLifetime must be positive but was " + stateLifetime);
        }
        Objects.requireNonNull(returnTo, "returnTo");
        if (maxWriteAttempts < 1) {
            throw new IllegalArgumentException("maxWriteAttempts must be at least 1 but was " + maxWriteAttempts);
        }
        if (maxPendingPerConnection < 1) {
            throw new IllegalArgumentException(
                    "maxPendingPerConnection must be at least 1 but was " + maxPendingPerConnection);
        }
        Objects.requireNonNull(reconnectLinks, "reconnectLinks");
    }

    /** Settings without reconnect links. */
    public ConnectSettings(
            Duration stateLifetime, ReturnToPolicy returnTo, int maxWriteAttempts, int maxPendingPerConnection) {
        this(stateLifetime, returnTo, maxWriteAttempts, maxPendingPerConnection, ReconnectLinks.NONE);
    }

    /** These settings with {@code reconnectLinks}. */
    public ConnectSettings withReconnectLinks(ReconnectLinks reconnectLinks) {
        return new ConnectSettings(stateLifetime, returnTo, maxWriteAttempts, maxPendingPerConnection, reconnectLinks);
    }

    /** Settings with {@link #DEFAULT_MAX_PENDING_PER_CONNECTION} pending authorizations per connection. */
    public ConnectSettings(Duration stateLifetime, ReturnToPolicy returnTo, int maxWriteAttempts) {
        this(stateLifetime, returnTo, maxWriteAttempts, DEFAULT_MAX_PENDING_PER_CONNECTION);
    }

    /** 10 minutes, relative return addresses only, 5 write attempts, 5 pending authorizations per connection. */
    public static ConnectSettings defaults() {
        return new ConnectSettings(DEFAULT_STATE_LIFETIME, ReturnToPolicy.relativeOnly(), 5);
    }
}
