package io.github.saasconnect.testkit.sandbox.internal;

/** What a refresh does to the refresh token that was presented. */
public enum RefreshRotation {

    /** No new refresh token; the presented one stays in use (Google). */
    NONE,

    /** A new refresh token every time; the old one stays valid until it expires (Microsoft). */
    KEEP_OLD_VALID,

    /** A new refresh token every time; the old one is dead at once (GitHub Apps, DocuSign as assumed). */
    STRICT,

    /** A new refresh token every time; the old one works for a grace period after its first use (Bitbucket). */
    GRACE_PERIOD
}
