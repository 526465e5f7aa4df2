package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One replica's claim of one connection for one period of a job.
 *
 * @param job the job's name: 1-100 characters of {@code A-Z a-z 0-9 _ . -}, not starting with {@code .} or {@code -}
 *     (stores use it in paths and keys)
 * @param connection the connection claimed
 * @param periodStart when the job's current period began: claims of earlier periods no longer count
 * @param holder the replica claiming: names it in the claim for diagnostics and lets it claim again what it holds;
 *     unique per running process (1-200 characters, no control characters)
 * @param claimedAt now, by the claiming replica's clock: another replica's claim has lapsed when its
 *     {@code lapsesAt} is not after this. Stores judge lapses by the replicas' clocks, never their own, so a replica
 *     and its store need not agree on the time (and tests can move one clock for all)
 * @param lapsesAt when the claim lapses unless completed: another replica may then take the connection over
 */
public record JobClaim(
        String job, ConnectionId connection, Instant periodStart, String holder, Instant claimedAt, Instant lapsesAt) {

    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

    public JobClaim {
        requireValidJob(job);
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(claimedAt, "claimedAt");
        Objects.requireNonNull(lapsesAt, "lapsesAt");
        if (holder.isBlank() || holder.length() > 200 || holder.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "a claim's holder must be 1-200 characters without control characters but was '" + holder + "'");
        }
    }

    /**
     * Checks a job name against the naming rule.
     *
     * @throws IllegalArgumentException naming the rule {@code job} breaks
     */
    public static String requireValidJob(String job) {
        if (job == null || !JOB.matcher(job).matches()) {
            throw new IllegalArgumentException("job name '" + job + "' is invalid: use 1-100 characters of A-Z, a-z, "
                    + "0-9, '_', '.' and '-', not starting with '.' or '-'");
        }
        return job;
    }
}
