package io.github.saasconnect.provider;

/** The outcome of a revocation request. */
public enum Revocation {
    /** The provider confirmed it. */
    REVOKED,
    /** The provider offers no revocation; only local data was deleted. */
    NOT_SUPPORTED
}
