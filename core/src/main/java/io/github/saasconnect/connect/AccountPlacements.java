package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.event.AccountOutcome;
import io.github.saasconnect.provider.AccountPolicy;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.UnreadableRecordException;
import io.github.saasconnect.store.VersionedRecord;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Decides which of an owner's connections a provider account that just came back through the connect flow is: the
 * registration's {@link AccountPolicy} applied to what the store holds. Reads only; {@link ConnectFlow} writes where
 * this says, by compare-and-set, and asks again when the write turns out stale.
 */
final class AccountPlacements {

    private final TokenStore store;

    AccountPlacements(TokenStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Where the account goes. One connection per owner: the default connection, unless it holds another provider
     * account (then {@link AccountChanged}, or with {@code on-account-change: replace} a replacement). Several: the
     * connection that holds the account already (the default or the account's own), else the default when the owner
     * has none, else a new connection filed under the account. An account the provider does not name is the same
     * account; so is a stored connection that names none.
     */
    Mono<Placement> decide(ProviderRegistration reg, ConnectionId owner, @Nullable String account) {
        return slot(owner).flatMap(first -> {
            if (first.unreadable()) {
                return Mono.just(first.as(AccountOutcome.SAME_ACCOUNT));
            }
            if (first.current().isEmpty()) {
                if (!reg.accounts().multiple() || account == null) {
                    return Mono.just(first.as(AccountOutcome.NEW_CONNECTION));
                }
                return slot(owner.withAccount(account))
                        .map(own -> own.exists()
                                ? own.as(AccountOutcome.SAME_ACCOUNT)
                                : first.as(AccountOutcome.NEW_CONNECTION));
            }
            String stored = Connections.accountId(reg, first.current().get());
            if (account == null || stored == null || stored.equals(account)) {
                return Mono.just(first.as(AccountOutcome.SAME_ACCOUNT));
            }
            if (reg.accounts().multiple()) {
                return slot(owner.withAccount(account))
                        .map(own -> own.as(own.exists() ? AccountOutcome.SAME_ACCOUNT : AccountOutcome.ADDED_ACCOUNT));
            }
            if (reg.accounts().onAccountChange() == AccountPolicy.OnAccountChange.REFUSE) {
                return Mono.error(new AccountChanged(owner, stored, account));
            }
            return Mono.just(first.as(AccountOutcome.REPLACED_ACCOUNT).replacing(stored));
        });
    }

    /** What the store holds at {@code id}: a record, nothing, or a record it cannot read. */
    private Mono<Placement> slot(ConnectionId id) {
        return store.read(id)
                .map(v -> new Placement(id, Optional.of(v), false, AccountOutcome.SAME_ACCOUNT, null, null))
                .defaultIfEmpty(new Placement(id, Optional.empty(), false, AccountOutcome.NEW_CONNECTION, null, null))
                .onErrorResume(
                        UnreadableRecordException.class,
                        e -> Mono.just(new Placement(
                                id, Optional.empty(), true, AccountOutcome.SAME_ACCOUNT, null, e.getMessage())));
    }

    /** Another provider account came back to a single connection that refuses a change. Holds ids only. */
    static final class AccountChanged extends RuntimeException {

        final transient ConnectionId id;
        final transient String stored;
        final transient String offered;

        AccountChanged(ConnectionId id, String stored, String offered) {
            super(null, null, false, false);
            this.id = id;
            this.stored = stored;
            this.offered = offered;
        }
    }

    /**
     * Where a connect writes: the connection's id, what the store holds there, and which account outcome writing there
     * is.
     *
     * @param replacedAccount with {@link AccountOutcome#REPLACED_ACCOUNT}, the provider account id written over
     */
    record Placement(
            ConnectionId id,
            Optional<VersionedRecord> current,
            boolean unreadable,
            AccountOutcome outcome,
            @Nullable String replacedAccount,
            @Nullable String unreadableReason) {

        boolean exists() {
            return unreadable || current.isPresent();
        }

        Placement as(AccountOutcome newOutcome) {
            return new Placement(id, current, unreadable, newOutcome, null, unreadableReason);
        }

        Placement replacing(String account) {
            return new Placement(id, current, unreadable, outcome, account, unreadableReason);
        }
    }
}
