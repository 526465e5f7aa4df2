package io.github.saasconnect.keepalive;

/**
 * What one keep-alive sweep did.
 *
 * @param examined active connections looked at
 * @param refreshed connections refreshed to keep an idle refresh token alive (by this instance or, when the
 *     record shows it, another one)
 * @param expiringWarned {@code RefreshTokenExpiringEvent}s published
 * @param reauthorizationRequired connections found dead while refreshing (marked and announced by the
 *     {@code TokenManager})
 * @param failed refreshes that failed for another reason (they are tried again next sweep)
 * @param unreadable records the store holds but cannot read (written with another key, damaged): not examined, and
 *     their connections cannot be kept alive until the key is restored or the user connects again
 * @param claimedByOthers due connections another instance had claimed for this sweep period (done or in progress),
 *     left to it; always 0 for a sweep without job claims
 */
public record KeepAliveReport(
        int examined,
        int refreshed,
        int expiringWarned,
        int reauthorizationRequired,
        int failed,
        int unreadable,
        int claimedByOthers) {

    /** No connections. */
    public static final KeepAliveReport EMPTY = new KeepAliveReport(0, 0, 0, 0, 0, 0, 0);

    /** A report of a sweep without job claims. */
    public KeepAliveReport(
            int examined, int refreshed, int expiringWarned, int reauthorizationRequired, int failed, int unreadable) {
        this(examined, refreshed, expiringWarned, reauthorizationRequired, failed, unreadable, 0);
    }

    /** A report of a sweep that met no unreadable record. */
    public KeepAliveReport(int examined, int refreshed, int expiringWarned, int reauthorizationRequired, int failed) {
        this(examined, refreshed, expiringWarned, reauthorizationRequired, failed, 0);
    }

    KeepAliveReport plus(KeepAliveReport other) {
        return new KeepAliveReport(
                examined + other.examined,
                refreshed + other.refreshed,
                expiringWarned + other.expiringWarned,
                reauthorizationRequired + other.reauthorizationRequired,
                failed + other.failed,
                unreadable + other.unreadable,
                claimedByOthers + other.claimedByOthers);
    }
}
