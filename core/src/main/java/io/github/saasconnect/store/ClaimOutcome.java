package io.github.saasconnect.store;

/** What a {@link JobClaims#claim} found. */
public enum ClaimOutcome {

    /** The connection is this holder's for the period: nobody had claimed it, or only for an earlier period. */
    CLAIMED,

    /** The connection is this holder's for the period, taken over from another holder whose claim had lapsed. */
    TAKEN_OVER,

    /** The connection was processed already in this period (by any holder): leave it. */
    ALREADY_DONE,

    /** Another holder is processing the connection in this period and its claim has not lapsed: leave it. */
    HELD_BY_OTHER;

    /** Whether the holder should process the connection now. */
    public boolean mine() {
        return this == CLAIMED || this == TAKEN_OVER;
    }
}
