package io.github.saasconnect.job;

import java.time.Instant;

/**
 * What a {@linkplain ConnectionJobs#shared shared} run found of the other replicas' claims. The connections this
 * replica processed are the report's succeeded and failed ones ({@code takenOver} of them after another replica's claim
 * lapsed); the ones counted here it left alone.
 *
 * @param job the shared job's name
 * @param periodStart the period the run claimed connections for
 * @param replica this replica's name in its claims
 * @param alreadyDone connections processed already in this period, by another replica or an earlier run
 * @param heldByOthers connections another replica was processing, under a claim that had not lapsed
 * @param takenOver connections this replica processed after another replica's claim on them lapsed (it died or stalled)
 * @param lateCompletions connections this replica processed but whose claim had lapsed and passed to another replica
 *     before it could complete it: they may have been processed twice (raise the job's lapse)
 */
public record SharedRun(
        String job,
        Instant periodStart,
        String replica,
        int alreadyDone,
        int heldByOthers,
        int takenOver,
        int lateCompletions) {

    /** Connections other replicas had claimed: done already or in progress. */
    public int claimedByOthers() {
        return alreadyDone + heldByOthers;
    }
}
