package io.github.saasconnect.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A claim as a store keeps it, and the rule every store applies to it: the state of one job's claim on one connection.
 *
 * @param periodStart the period the claim is for
 * @param holder the replica that holds (or completed) it
 * @param lapsesAt when it lapses unless completed
 * @param done whether the holder completed it
 */
public record StoredClaim(Instant periodStart, String holder, Instant lapsesAt, boolean done) {

    public StoredClaim {
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(lapsesAt, "lapsesAt");
    }

    /** The claim {@code claim} stores when it wins. */
    public static StoredClaim of(JobClaim claim) {
        return new StoredClaim(claim.periodStart(), claim.holder(), claim.lapsesAt(), false);
    }

    /**
     * What {@code request} gets against {@code current} (the stored claim, {@code null} when there is none), judged at
     * the request's {@link JobClaim#claimedAt()}. A store writes {@link #of(JobClaim)} in place of {@code current}, by compare-and-set, exactly when
     * the outcome is {@link ClaimOutcome#mine()}:
     * <ul>
     *   <li>no claim, or one of an earlier period: {@link ClaimOutcome#CLAIMED};</li>
     *   <li>one of a later period (a replica whose clock runs behind): {@link ClaimOutcome#ALREADY_DONE};</li>
     *   <li>this period, done: {@link ClaimOutcome#ALREADY_DONE};</li>
     *   <li>this period, held by the same holder: {@link ClaimOutcome#CLAIMED} again;</li>
     *   <li>this period, held by another holder and lapsed: {@link ClaimOutcome#TAKEN_OVER}, else
     *       {@link ClaimOutcome#HELD_BY_OTHER}.</li>
     * </ul>
     */
    public static ClaimOutcome decide(@Nullable StoredClaim current, JobClaim request) {
        if (current == null || current.periodStart.isBefore(request.periodStart())) {
            return ClaimOutcome.CLAIMED;
        }
        if (current.periodStart.isAfter(request.periodStart()) || current.done) {
            return ClaimOutcome.ALREADY_DONE;
        }
        if (current.holder.equals(request.holder())) {
            return ClaimOutcome.CLAIMED;
        }
        return request.claimedAt().isBefore(current.lapsesAt) ? ClaimOutcome.HELD_BY_OTHER : ClaimOutcome.TAKEN_OVER;
    }

    /** Whether {@code claim} may complete this stored claim: it is still that holder's, for that period. */
    public boolean heldBy(JobClaim claim) {
        return !done && periodStart.equals(claim.periodStart()) && holder.equals(claim.holder());
    }

    /** This claim, completed. */
    public StoredClaim completed() {
        return new StoredClaim(periodStart, holder, lapsesAt, true);
    }

    /** The fields as text, for stores that keep a claim as a small map (a Vault secret, a file). */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("period_start", periodStart.toString());
        map.put("holder", holder);
        map.put("lapses_at", lapsesAt.toString());
        map.put("done", Boolean.toString(done));
        return map;
    }

    /**
     * The claim {@link #toMap()} wrote.
     *
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static StoredClaim fromMap(Map<String, ?> map) {
        try {
            return new StoredClaim(
                    Instant.parse(field(map, "period_start")),
                    field(map, "holder"),
                    Instant.parse(field(map, "lapses_at")),
                    Boolean.parseBoolean(field(map, "done")));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a stored job claim has a malformed time: " + e.getParsedString(), e);
        }
    }

    private static String field(Map<String, ?> map, String name) {
        Object value = map.get(name);
        if (value == null) {
            throw new IllegalArgumentException("a stored job claim lacks its " + name);
        }
        return value.toString();
    }
}
