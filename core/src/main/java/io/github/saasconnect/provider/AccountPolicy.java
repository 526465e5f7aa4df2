package io.github.saasconnect.provider;

import java.util.Objects;

/**
 * How many provider accounts an owner may connect to one registration, and what a reconnect that comes back as another
 * provider account does ({@code saas-connect.providers.<id>.accounts} and {@code on-account-change}). Which account
 * came back is the descriptor's {@link AccountIdentity#accountId} of what the adapter discovered; a provider that
 * names none is taken to have returned the same account.
 *
 * @param accounts one connection per owner ({@link Accounts#SINGLE}, the default) or one per provider account
 * @param onAccountChange with {@link Accounts#SINGLE}: what a reconnect as a different provider account does
 *     ({@link OnAccountChange#REFUSE} by default); not used with {@link Accounts#MULTIPLE}, where another account
 *     becomes another connection
 */
public record AccountPolicy(Accounts accounts, OnAccountChange onAccountChange) {

    /** One connection per owner; a different account coming back is refused. */
    public static final AccountPolicy SINGLE = new AccountPolicy(Accounts.SINGLE, OnAccountChange.REFUSE);

    /** One connection per provider account of the owner. */
    public static final AccountPolicy MULTIPLE = new AccountPolicy(Accounts.MULTIPLE, OnAccountChange.REFUSE);

    /** How many accounts an owner may connect. */
    public enum Accounts {
        /** One connection per owner and registration, the owner's default connection. */
        SINGLE,
        /**
         * One connection per provider account: the owner's first stays the default connection, each further account
         * is filed under {@link io.github.saasconnect.connection.ConnectionId#account()}.
         */
        MULTIPLE
    }

    /** What a reconnect that comes back as a different provider account does to a single connection. */
    public enum OnAccountChange {
        /**
         * The stored connection stays as it is and the connect ends with
         * {@code ConnectFailure.ACCOUNT_CHANGED}; the other account's new tokens are not stored.
         */
        REFUSE,
        /**
         * The other account's tokens replace the connection, and the replaced account's grant is revoked at the
         * provider where its adapter can revoke.
         */
        REPLACE
    }

    public AccountPolicy {
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(onAccountChange, "onAccountChange");
    }

    /** Whether each provider account of an owner gets its own connection. */
    public boolean multiple() {
        return accounts == Accounts.MULTIPLE;
    }
}
