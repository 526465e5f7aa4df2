package io.github.saasconnect.token;

import io.github.saasconnect.resilience.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How the {@link TokenManager} coordinates refreshes.
 *
 * @param instanceId names this instance in refresh leases; unique per running process
 * @param leaseDuration how long a refresh lease excludes other instances; a holder that dies is taken over
 *     after this
 * @param leasePollInterval how often a caller waiting on another instance's lease looks again
 * @param leaseWait how long a caller waits on other instances' leases in all before it fails as transient; longer
 *     than {@code leaseDuration}, so a holder that died is always waited out
 * @param pendingWrites the waits between writes of a refreshed token set the store did not take (they go on until
 *     the write lands)
 * @param blockingTimeout the most a blocking caller waits for a token
 */
public record TokenManagerSettings(
        String instanceId,
        Duration leaseDuration,
        Duration leasePollInterval,
        Duration leaseWait,
        Backoff pendingWrites,
        Duration blockingTimeout) {

    public TokenManagerSettings {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(leasePollInterval, "leasePollInterval");
        Objects.requireNonNull(leaseWait, "leaseWait");
        Objects.requireNonNull(pendingWrites, "pendingWrites");
        Objects.requireNonNull(blockingTimeout, "blockingTimeout");
        if (leasePollInterval.isNegative() || leasePollInterval.isZero()) {
            throw new IllegalArgumentException("leasePollInterval must be positive but was " + leasePollInterval);
        }
    }

    /**
     * Defaults: 30 s lease, 100 ms polls for at most 60 s, pending writes retried from 500 ms doubling up to every
     * 30 s.
     */
    public static TokenManagerSettings defaults() {
        return new TokenManagerSettings(
                defaultInstanceId(),
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                Duration.ofSeconds(60),
                new Backoff(Duration.ofMillis(500), 2.0, Duration.ofSeconds(30)),
                Duration.ofSeconds(60));
    }

    /** This settings object with another instance id. */
    public TokenManagerSettings withInstanceId(String id) {
        return new TokenManagerSettings(
                id, leaseDuration, leasePollInterval, leaseWait, pendingWrites, blockingTimeout);
    }

    /**
     * {@code pid@host/random}: readable by an operator looking at a lease, unique per process. The host name comes
     * from the environment ({@code HOSTNAME}, as containers set it, or {@code COMPUTERNAME}); it is not looked up,
     * because a host name that does not resolve can stall {@code InetAddress.getLocalHost()} for seconds at startup.
     */
    static String defaultInstanceId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = System.getenv("COMPUTERNAME");
        }
        String where = host == null || host.isBlank() ? "" : "@" + host.strip();
        return ProcessHandle.current().pid() + where + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
