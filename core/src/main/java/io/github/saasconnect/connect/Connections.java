package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionTags;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.StaleVersionException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.UnreadableRecordException;
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

    /** The connections of {@code owner}, in registration order. */
    public Flux<ConnectionView> list(String owner) {
        Objects.requireNonNull(owner, "owner");
        return Flux.fromIterable(registry.all()).concatMap(reg -> view(reg, ConnectionId.of(reg.id(), owner)));
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
                            page.records().stream()
                                    .map(v -> ConnectionView.of(
                                            v.record(),
                                            reg.descriptor().type(),
                                            reg.descriptor().accountIdentity()))
                                    .toList(),
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

    private Mono<ConnectionView> view(ProviderRegistration reg, ConnectionId id) {
        return store.read(id)
                .map(v -> ConnectionView.of(
                        v.record(), reg.descriptor().type(), reg.descriptor().accountIdentity()))
                .onErrorResume(
                        UnreadableRecordException.class,
                        e -> Mono.just(
                                ConnectionView.unreadable(id, reg.descriptor().type())));
    }

    private Optional<ProviderRegistration> registration(String id) {
        return registry.all().stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
