package io.github.saasconnect.event;

/**
 * Which provider account a completed connect stored, against what the owner had connected: see
 * {@link ConnectionConnectedEvent#outcome()}.
 */
public enum AccountOutcome {
    /** The owner had no connection of the registration: this is their first. */
    NEW_CONNECTION,
    /** The same provider account came back (a reconnect or a scope upgrade): its connection was updated. */
    SAME_ACCOUNT,
    /**
     * Another provider account came back and the registration keeps several ({@code accounts: multiple}): it became a
     * further connection of the owner, the others untouched.
     */
    ADDED_ACCOUNT,
    /**
     * Another provider account came back to a registration of one connection per owner with
     * {@code on-account-change: replace}: its tokens replaced the connection, and the replaced account's grant was
     * revoked where the provider can.
     */
    REPLACED_ACCOUNT
}
