package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectFlowException;
import io.github.saasconnect.connect.ConnectionView;
import io.github.saasconnect.connect.ConnectionViewPage;
import io.github.saasconnect.connect.Connections;
import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.event.AdminOperationEvent;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The {@code saasconnectadmin} Actuator endpoint: operators list connections across owners, inspect one, force a
 * refresh, mark one for reauthorization and disconnect one (revoking at the provider). Off by default
 * ({@link Access#NONE}): it shows owners and changes connections, so it belongs on a management port behind
 * authentication (see OBSERVABILITY.md). Every answer is token-free ({@link ConnectionView}); every operation
 * publishes an {@link AdminOperationEvent} naming the principal, the operation, the connection and the outcome.
 *
 * <p>The owner is the rest of the path after the registration, so owners with {@code /} work unencoded:
 * {@code /actuator/saasconnectadmin/github/tenant-7/bob}. An owner's further provider accounts
 * ({@code accounts: multiple}) are named by the optional {@code account} parameter (query, or JSON body of a write):
 * the provider account id, found as {@link Connections#connectionOf} finds it (the account's own connection, or the
 * default one holding it); without it, the owner's default connection.
 */
@Endpoint(id = "saasconnectadmin", defaultAccess = Access.NONE)
public final class ConnectionsAdminEndpoint {

    static final int DEFAULT_PAGE_SIZE = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Between the registration index and the store's cursor in a listing cursor. */
    private static final char CURSOR_SEPARATOR = '~';

    private final Connections connections;
    private final ProviderRegistry registry;
    private final TokenStore store;
    private final TokenManager tokens;
    private final ConnectFlow flow;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ConnectionsAdminEndpoint(
            Connections connections,
            ProviderRegistry registry,
            TokenStore store,
            TokenManager tokens,
            ConnectFlow flow,
            ApplicationEventPublisher events,
            Clock clock) {
        this.connections = connections;
        this.registry = registry;
        this.store = store;
        this.tokens = tokens;
        this.flow = flow;
        this.events = events;
        this.clock = clock;
    }

    /**
     * One page of connections across owners, optionally of one registration and one status. The cursor walks the
     * registrations in configuration order; a page may hold fewer than {@code size} when a status filter skips some.
     */
    @ReadOperation
    public AdminPage list(
            SecurityContext security,
            @Nullable String registration,
            @Nullable String status,
            @Nullable String cursor,
            @Nullable Integer size) {
        return audited("list", null, registration, security, () -> {
            int pageSize = size == null ? DEFAULT_PAGE_SIZE : size;
            ConnectionStatus wanted = status == null ? null : ConnectionStatus.valueOf(status.toUpperCase(Locale.ROOT));
            List<ProviderRegistration> regs =
                    registration == null ? List.copyOf(registry.all()) : List.of(registry.get(registration));
            int index = 0;
            String storeCursor = null;
            if (cursor != null && !cursor.isEmpty()) {
                int sep = cursor.indexOf(CURSOR_SEPARATOR);
                index = Integer.parseInt(sep < 0 ? cursor : cursor.substring(0, sep));
                storeCursor = sep < 0 ? null : cursor.substring(sep + 1);
            }
            if (index < 0 || index >= regs.size()) {
                throw new IllegalArgumentException("cursor is not one this endpoint handed out");
            }
            ConnectionViewPage page = connections
                    .list(regs.get(index).id(), storeCursor, pageSize)
                    .block(TIMEOUT);
            List<ConnectionView> shown = new ArrayList<>();
            for (ConnectionView v : page.connections()) {
                if (wanted == null || v.status() == wanted) {
                    shown.add(v);
                }
            }
            String next = page.nextCursor() != null
                    ? index + "" + CURSOR_SEPARATOR + page.nextCursor()
                    : index + 1 < regs.size() ? Integer.toString(index + 1) : null;
            return new AdminPage(shown, page.unreadable().size(), next);
        });
    }

    /** One connection, token-free; {@code 404} when there is none. */
    @ReadOperation
    public @Nullable ConnectionView inspect(
            SecurityContext security,
            @Selector String registration,
            @Selector(match = Selector.Match.ALL_REMAINING) String[] owner,
            @Nullable String account) {
        ConnectionId id = ConnectionId.of(registration, String.join("/", owner), account);
        return audited("inspect", id, registration, security, () -> {
            ConnectionId found = find(id);
            return found == null ? null : connections.find(found).block(TIMEOUT);
        });
    }

    /**
     * The stored connection {@code id} names: itself when it is a default connection, else the owner's connection of
     * the provider account {@code id.account()}; {@code null} when there is none.
     */
    private @Nullable ConnectionId find(ConnectionId id) {
        if (id.isDefaultAccount()) {
            return id;
        }
        return connections
                .connectionOf(id.registration(), id.owner(), id.account())
                .block(TIMEOUT);
    }

    /**
     * {@code action=refresh}: refreshes the connection now, whatever its access token's expiry (every instance's
     * lease applies). {@code action=mark-reauthorization}: marks it {@code REAUTHORIZATION_REQUIRED} and publishes
     * {@link ReauthorizationRequiredEvent} (cause {@link ReauthorizationCause#MARKED_BY_ADMIN}), so the app asks the
     * user to connect again, carrying the reconnect URL ({@link io.github.saasconnect.event.ReconnectLinks}) when one
     * is configured; the grant is not revoked. Answers the connection as it is afterwards.
     */
    @WriteOperation
    public @Nullable ConnectionView act(
            SecurityContext security,
            @Selector String registration,
            @Selector(match = Selector.Match.ALL_REMAINING) String[] owner,
            String action,
            @Nullable String account) {
        ConnectionId named = ConnectionId.of(registration, String.join("/", owner), account);
        String operation = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
        return switch (operation) {
            case "refresh" ->
                audited("refresh", named, registration, security, () -> {
                    ConnectionId id = find(named);
                    if (id == null || connections.find(id).block(TIMEOUT) == null) {
                        return null;
                    }
                    tokens.refreshIfOlderThan(id, clock.instant().plusMillis(1)).block(TIMEOUT);
                    return connections.find(id).block(TIMEOUT);
                });
            case "mark-reauthorization" ->
                audited("mark-reauthorization", named, registration, security, () -> {
                    ConnectionId id = find(named);
                    var current = id == null ? null : store.read(id).block(TIMEOUT);
                    if (current == null) {
                        return null;
                    }
                    var now = clock.instant();
                    store.write(
                                    current.record()
                                            .withStatus(
                                                    ConnectionStatus.REAUTHORIZATION_REQUIRED,
                                                    new ConnectionError(
                                                            FailureKind.REAUTHORIZATION_REQUIRED,
                                                            "marked_by_admin",
                                                            now)),
                                    current.version())
                            .block(TIMEOUT);
                    tokens.evict(id);
                    // the link the user reconnects at, as the token manager's own event carries it
                    events.publishEvent(new ReauthorizationRequiredEvent(
                                    id, ReauthorizationCause.MARKED_BY_ADMIN, "marked_by_admin", now)
                            .withReconnectUri(flow.settings().reconnectLinks().reconnectUri(id, List.of())));
                    return connections.find(id).block(TIMEOUT);
                });
            default ->
                throw new IllegalArgumentException(
                        "action must be 'refresh' or 'mark-reauthorization' but was '" + action + "'");
        };
    }

    /** Revokes the grant at the provider where it can, deletes the connection; {@code 404} when there is none. */
    @DeleteOperation
    public @Nullable AdminDisconnect disconnect(
            SecurityContext security,
            @Selector String registration,
            @Selector(match = Selector.Match.ALL_REMAINING) String[] owner,
            @Nullable String account) {
        ConnectionId id = ConnectionId.of(registration, String.join("/", owner), account);
        return audited("disconnect", id, registration, security, () -> {
            try {
                var result = flow.disconnect(registration, id.owner(), account).block(TIMEOUT);
                return new AdminDisconnect(result.connection(), result.revokedAtProvider());
            } catch (ConnectFlowException e) {
                return null; // not connected
            }
        });
    }

    /** Runs {@code operation} and publishes its audit event, whatever the outcome. */
    private <T> T audited(
            String operation,
            @Nullable ConnectionId id,
            @Nullable String registration,
            SecurityContext security,
            Supplier<T> work) {
        String actor =
                security.getPrincipal() == null ? null : security.getPrincipal().getName();
        String outcome = "failed";
        try {
            T result = work.get();
            outcome = result == null ? "not-found" : "ok";
            return result;
        } catch (SaasConnectException e) {
            outcome = e.kind().name().toLowerCase(Locale.ROOT);
            throw e;
        } catch (IllegalArgumentException e) {
            outcome = "invalid-request";
            throw e;
        } finally {
            events.publishEvent(new AdminOperationEvent(operation, id, registration, actor, outcome, clock.instant()));
        }
    }

    /**
     * A page of the admin listing.
     *
     * @param connections the connections on it, token-free
     * @param unreadable how many records on it the store could not read
     * @param nextCursor the {@code cursor} of the next page, or {@code null} on the last
     */
    public record AdminPage(
            List<ConnectionView> connections,
            int unreadable,
            @Nullable String nextCursor) {}

    /**
     * What a disconnect did.
     *
     * @param connection the connection, now deleted
     * @param revokedAtProvider whether the provider confirmed the revocation
     */
    public record AdminDisconnect(ConnectionId connection, boolean revokedAtProvider) {}
}
