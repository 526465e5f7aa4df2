package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionTags;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.UnreadableRecordException;
import io.github.saasconnect.store.VersionedRecord;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The token-free view of the stored connections: who is connected (the provider account's id, login, name,
 * e-mail where the provider gives one), with which scopes, in what state, until when. For users' settings pages,
 * admin screens and jobs that need provider facts; nothing it returns contains a token. A record the store cannot
 * read is shown with status {@link io.github.saasconnect.connection.ConnectionStatus#UNREADABLE} rather than failing
 * the listing.
 *
 * <p><b>Accounts.</b> An owner may have several connections of one registration, one per provider account
 * ({@code accounts: multiple}): the default connection ({@link ConnectionId#account()} {@code null}, the owner's
 * first) and one {@code ConnectionId(registration, owner, accountId)} per further account. {@link #list(String)} and
 * the paged listing show them all; {@link #connectionOf} finds the one of a provider account whichever way it is filed.
 */
public final class Connections {

    /** The largest page {@link #list(String, String, int)} hands out. */
    public static final int MAX_PAGE_SIZE = 500;

    /** How often a tag write is tried when a refresh changed the record in between. */
    private static final int MAX_TAG_WRITES = 5;

    private final ProviderRegistry registry;
    private final TokenStore store;

    public Connections(ProviderRegistry registry, TokenStore store) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The connection {@code id}; empty when it does not exist or its registration is not configured. */
    public Mono<ConnectionView> find(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return Mono.defer(
                () -> registration(id.registration()).map(reg -> view(reg, id)).orElseGet(Mono::empty));
    }

    /**
     * The connections of {@code owner}, in registration order, and within a registration the default connection first,
     * then the further provider accounts ({@link TokenStore#accounts}).
     */
    public Flux<ConnectionView> list(String owner) {
        Objects.requireNonNull(owner, "owner");
        return Flux.fromIterable(registry.all())
                .concatMap(reg -> store.accounts(reg.id(), owner)
                        .map(v -> view(reg, v))
                        .onErrorResume(
                                UnreadableRecordException.class,
                                e -> Mono.just(ConnectionView.unreadable(
                                        e.connection() != null ? e.connection() : ConnectionId.of(reg.id(), owner),
                                        reg.descriptor().type()))));
    }

    /**
     * The id of {@code owner}'s connection of the provider account {@code account} in {@code registration}: the
     * connection filed under that account ({@code ConnectionId(registration, owner, account)}), else the default
     * connection when its stored account is {@code account} (an owner's first account is filed as the default one).
     * With {@code account} {@code null}, the default connection. A record that cannot be read counts as existing
     * (so it can be disconnected).
     *
     * @return the id; empty when the owner has no connection of that account
     * @throws IllegalArgumentException (as an error signal) for an unknown registration or a malformed owner or account
     */
    public Mono<ConnectionId> connectionOf(String registration, String owner, @Nullable String account) {
        return Mono.defer(() -> {
            ProviderRegistration reg = registration(registration)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no registration '" + registration + "' is configured (see saas-connect.providers.*)"));
            ConnectionId named = ConnectionId.of(reg.id(), owner, account);
            if (account == null) {
                return exists(named);
            }
            ConnectionId first = named.withAccount(null);
            return exists(named)
                    .switchIfEmpty(Mono.defer(() -> store.read(first)
                            .filter(v -> account.equals(accountId(reg, v)))
                            .map(v -> first)
                            .onErrorResume(UnreadableRecordException.class, e -> Mono.empty())));
        });
    }

    /** The provider account id stored with {@code v} (see {@link io.github.saasconnect.provider.AccountIdentity}). */
    static @Nullable String accountId(ProviderRegistration reg, VersionedRecord v) {
        return reg.descriptor().accountIdentity().accountId(v.record().providerAttributes());
    }

    private Mono<ConnectionId> exists(ConnectionId id) {
        return store.read(id).map(v -> id).onErrorResume(UnreadableRecordException.class, e -> Mono.just(id));
    }

    /**
     * One page of the connections of {@code registration}, across owners.
     *
     * @param cursor {@code null} for the first page, else the previous page's {@link ConnectionViewPage#nextCursor()}
     * @param pageSize 1 to {@value #MAX_PAGE_SIZE}
     * @throws IllegalArgumentException for an unknown registration or a page size out of range
     */
    public Mono<ConnectionViewPage> list(String registration, @Nullable String cursor, int pageSize) {
        return Mono.defer(() -> {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException(
                        "page size must be between 1 and " + MAX_PAGE_SIZE + " but was " + pageSize);
            }
            ProviderRegistration reg = registration(registration)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "no registration '" + registration + "' is configured (see saas-connect.providers.*)"));
            return store.list(reg.id(), cursor, pageSize)
                    .map(page -> new ConnectionViewPage(
                            page.records().stream().map(v -> view(reg, v)).toList(),
                            page.nextCursor(),
                            page.unreadable()));
        });
    }

    /**
     * Replaces the application's tags of {@code id} (an empty map removes them), by compare-and-set: a concurrent
     * refresh is not lost, the write is tried again on its result. Tags are kept across refreshes and reconnects.
     *
     * @return the connection afterwards; empty when there is no such connection
     * @throws IllegalArgumentException (as an error signal) for tags beyond {@link ConnectionTags}' limits
     */
    public Mono<ConnectionView> tag(ConnectionId id, Map<String, String> tags) {
        Objects.requireNonNull(id, "id");
        Map<String, String> checked = Map.copyOf(ConnectionTags.check(Objects.requireNonNull(tags, "tags")));
        return Mono.defer(() -> registration(id.registration())
                .map(reg -> store.read(id)
                        .flatMap(current -> store.write(current.record().withTags(checked), current.version()))
                        .retryWhen(Retry.max(MAX_TAG_WRITES).filter(StaleVersionException.class::isInstance))
                        .then(find(id)))
                .orElseGet(Mono::empty));
    }

    private static ConnectionView view(ProviderRegistration reg, VersionedRecord v) {
        return ConnectionView.of(
                v.record(), reg.descriptor().type(), reg.descriptor().accountIdentity());
    }

    private Mono<ConnectionView> view(ProviderRegistration reg, ConnectionId id) {
        return store.read(id)
                .map(v -> view(reg, v))
                .onErrorResume(
                        UnreadableRecordException.class,
                        e -> Mono.just(
                                ConnectionView.unreadable(id, reg.descriptor().type())));
    }

    private Optional<ProviderRegistration> registration(String id) {
        return registry.all().stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
