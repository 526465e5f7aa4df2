package io.github.saasconnect.token;

import io.github.saasconnect.connection.ConnectionRecord;
import java.time.Instant;
import java.util.function.BiPredicate;

/**
 * What a caller asks of a connection's refresh: when the stored token will not do ({@code due}), and whether the
 * refresh lease is taken whatever the provider's rotation. A sweep sets {@code leaseAlways}: every instance runs it
 * over every connection at the same moment, and the lease makes them refresh each connection once. A caller that
 * wants a token takes the lease only where a second concurrent refresh would kill the grant.
 */
record RefreshDemand(BiPredicate<ConnectionRecord, Instant> due, boolean leaseAlways) {

    boolean test(ConnectionRecord record, Instant now) {
        return due.test(record, now);
    }
}
