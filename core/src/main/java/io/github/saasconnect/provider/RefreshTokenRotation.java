package io.github.saasconnect.provider;

/** What a provider does with the old refresh token when it is used. */
public enum RefreshTokenRotation {
    /** The same refresh token keeps working; a refresh response normally carries none (Google). */
    NONE(false),
    /** A new refresh token every time; the old one stays valid until it expires (Microsoft). */
    ROTATES_OLD_STAYS_VALID(false),
    /** A new refresh token every time; the old one keeps working for a short grace period (Bitbucket). */
    ROTATES_WITH_GRACE_PERIOD(false),
    /** A new refresh token every time; the old one dies on first use (GitHub Apps; assumed for DocuSign). */
    STRICT(true);

    private final boolean oldTokenDiesOnUse;

    RefreshTokenRotation(boolean oldTokenDiesOnUse) {
        this.oldTokenDiesOnUse = oldTokenDiesOnUse;
    }

    /** Whether a lost refresh response can leave us without a usable refresh token. */
    public boolean oldTokenDiesOnUse() {
        return oldTokenDiesOnUse;
    }
}
