package io.github.saasconnect.connection;

/** The failure classes of the error taxonomy; each decides retry, breaker and effect. */
public enum FailureKind {
    /** The grant is gone; the user must connect again. Never retried. */
    REAUTHORIZATION_REQUIRED(false, false),
    /** The provider asked us to slow down. Retried after the wait it named, within a bound. */
    RATE_LIMITED(true, false),
    /** 5xx, HTML error pages, timeouts, resets, {@code temporarily_unavailable}. Retried with backoff. */
    TRANSIENT(true, true),
    /** {@code invalid_client}, {@code unauthorized_client}, redirect mismatch: fix the configuration. */
    CLIENT_MISCONFIGURED(false, false),
    /** The token store cannot be reached or refused us. Cached tokens keep serving. */
    STORE_UNAVAILABLE(true, false),
    /** A refresh request was sent and its answer lost, on a provider that rotates strictly. Not retried blindly. */
    AMBIGUOUS_ROTATION(false, true),
    /** No connection exists for this registration and owner. */
    NOT_CONNECTED(false, false),
    /**
     * SaaS Connect refused the request before acting on it: an unknown registration, a missing, used or expired
     * {@code state}, an unsafe return address, a provider's error on the authorization redirect, a paging limit.
     * Nothing changed; fix the request (or raise the limit).
     */
    REQUEST_REJECTED(false, false),
    /** A compare-and-set write lost to another writer; read the record again and decide anew. */
    CONFLICT(false, false);

    private final boolean retried;
    private final boolean countedByBreaker;

    FailureKind(boolean retried, boolean countedByBreaker) {
        this.retried = retried;
        this.countedByBreaker = countedByBreaker;
    }

    /** Whether the refresh retry policy tries again after this failure. */
    public boolean retried() {
        return retried;
    }

    /** Whether the provider's circuit breaker records this failure. */
    public boolean countedByBreaker() {
        return countedByBreaker;
    }
}
