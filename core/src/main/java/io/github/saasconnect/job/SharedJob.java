package io.github.saasconnect.job;

import io.github.saasconnect.store.JobClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job that several replicas run on the same schedule, each connection processed by one of them once per period.
 * Periods are aligned to the epoch (a period of one hour runs from one full hour to the next in UTC), so replicas agree
 * on them without talking to each other.
 *
 * <p>Schedule the job more often than its period when a replica may die mid-run: a run that comes after the claims of
 * a dead replica lapsed takes its connections over, while runs in between only check claims (one store call per
 * connection).
 *
 * @param name the job's name, the same on every replica (see {@link JobClaim#requireValidJob})
 * @param period each connection is processed once per period
 * @param lapse how long a replica's claim on one connection lasts before another replica may take the connection
 *     over: longer than a run takes to work through one listed page of connections at its concurrency (a page's
 *     claims are taken together, see {@link JobSettings#listPageSize()}), at most the period
 */
public record SharedJob(String name, Duration period, Duration lapse) {

    /** The lapse when none is given: 10 minutes, or the period when it is shorter. */
    public static final Duration DEFAULT_LAPSE = Duration.ofMinutes(10);

    public SharedJob {
        JobClaim.requireValidJob(name);
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(lapse, "lapse");
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("a shared job's period must be at least 1 ms but was " + period);
        }
        if (lapse.toMillis() < 1 || lapse.compareTo(period) > 0) {
            throw new IllegalArgumentException("a shared job's claim lapse must be positive and at most its period ("
                    + period + ") but was " + lapse);
        }
    }

    /** A job of {@code period} whose claims lapse after {@link #DEFAULT_LAPSE} (or the period, when shorter). */
    public static SharedJob of(String name, Duration period) {
        Objects.requireNonNull(period, "period");
        return new SharedJob(name, period, period.compareTo(DEFAULT_LAPSE) < 0 ? period : DEFAULT_LAPSE);
    }

    /** When the period that contains {@code now} began. */
    public Instant periodStart(Instant now) {
        long millis = period.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), millis) * millis);
    }
}
