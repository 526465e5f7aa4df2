package io.github.saasconnect.connection;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many connections of one registration a sweep found in each status. A sweep that walks the store anyway (the
 * keep-alive sweep) carries one on its observation's context; health and metrics show the latest per registration.
 *
 * @param registration the registration counted
 * @param takenAt when the sweep finished counting
 * @param counts connections per status; every status is present, those not seen with {@code 0}
 */
public record ConnectionCensus(String registration, Instant takenAt, Map<ConnectionStatus, Long> counts) {

    public ConnectionCensus {
        ConnectionId.requireValidRegistration(registration);
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(counts, "counts");
        EnumMap<ConnectionStatus, Long> all = new EnumMap<>(ConnectionStatus.class);
        for (ConnectionStatus status : ConnectionStatus.values()) {
            long n = counts.getOrDefault(status, 0L);
            if (n < 0) {
                throw new IllegalArgumentException(
                        "count of " + status + " connections must not be negative but was " + n);
            }
            all.put(status, n);
        }
        counts = Collections.unmodifiableMap(all);
    }

    /** Connections in {@code status}. */
    public long count(ConnectionStatus status) {
        return counts.get(status);
    }

    /** All connections counted. */
    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A thread-safe tally for a sweep that visits the connections of {@code registration} concurrently. */
    public static Tally tally(String registration) {
        return new Tally(registration);
    }

    /** Counts connections as a sweep visits them, then makes the census. */
    public static final class Tally {

        private final String registration;
        private final EnumMap<ConnectionStatus, LongAdder> counts = new EnumMap<>(ConnectionStatus.class);

        private Tally(String registration) {
            this.registration = ConnectionId.requireValidRegistration(registration);
            for (ConnectionStatus status : ConnectionStatus.values()) {
                counts.put(status, new LongAdder());
            }
        }

        /** Counts one connection in {@code status}. */
        public void count(ConnectionStatus status) {
            counts.get(Objects.requireNonNull(status, "status")).increment();
        }

        /** The census of what was counted, taken at {@code at}. */
        public ConnectionCensus census(Instant at) {
            EnumMap<ConnectionStatus, Long> snapshot = new EnumMap<>(ConnectionStatus.class);
            counts.forEach((status, n) -> snapshot.put(status, n.sum()));
            return new ConnectionCensus(registration, at, snapshot);
        }
    }
}
