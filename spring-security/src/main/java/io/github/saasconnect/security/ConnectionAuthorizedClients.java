package io.github.saasconnect.security;

import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ConnectionNotFoundException;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import reactor.core.publisher.Mono;

/**
 * Spring Security's authorized clients as SaaS Connect connections: the connection of a bridged registration and a
 * principal is {@code (registration, principal name)}, the owner the connect endpoints use for the same user. The
 * servlet and reactive services and managers of this package all run on it.
 *
 * <p>Authorized clients handed to Spring Security carry the access token only: the refresh token stays in the store,
 * so that only the {@link TokenManager} (single flight, lease, compare-and-set) ever spends it.
 */
public final class ConnectionAuthorizedClients {

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private final BridgedRegistrations registrations;
    private final TokenStore store;
    private final TokenManager tokens;
    private final ConnectFlow flow;

    public ConnectionAuthorizedClients(
            BridgedRegistrations registrations, TokenStore store, TokenManager tokens, ConnectFlow flow) {
        this.registrations = Objects.requireNonNull(registrations, "registrations");
        this.store = Objects.requireNonNull(store, "store");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.flow = Objects.requireNonNull(flow, "flow");
    }

    /** Whether SaaS Connect serves Spring Security's registration {@code registrationId}. */
    public boolean bridges(String registrationId) {
        return registrations.bridges(registrationId);
    }

    /** How long the blocking (servlet) twins wait for an answer: the token manager's blocking timeout. */
    Duration blockingTimeout() {
        return tokens.settings().blockingTimeout();
    }

    /**
     * The stored connection as an authorized client, as it is (no refresh); empty when there is none or it needs the
     * user to authorize again.
     */
    public Mono<OAuth2AuthorizedClient> load(ClientRegistration client, String principalName) {
        return Mono.defer(() -> store.read(connection(client.getRegistrationId(), principalName))
                .map(VersionedRecord::record)
                .filter(record -> record.status() == ConnectionStatus.ACTIVE)
                .map(record -> authorizedClient(client, principalName, record.toAccessToken(), issuedAt(record))));
    }

    /**
     * Stores the tokens Spring Security obtained (at {@code oauth2Login} or {@code oauth2Client}) as the connection
     * of {@code principalName}, replacing a stored one; a login without a refresh token keeps the stored one.
     */
    public Mono<Void> save(OAuth2AuthorizedClient client, String principalName) {
        return Mono.defer(() -> flow.adopt(
                        ours(client.getClientRegistration().getRegistrationId()), principalName, tokenSet(client))
                .then());
    }

    /**
     * Spring Security calls this when a resource server rejected the access token (or its own refresh failed): the
     * token is forgotten, so the next {@link #authorize} refreshes. The connection, and its refresh token, stay;
     * disconnecting is {@link ConnectFlow#disconnect}.
     */
    public Mono<Void> remove(String registrationId, String principalName) {
        return Mono.defer(() -> store.read(connection(registrationId, principalName))
                .doOnNext(current -> tokens.invalidate(current.record().toAccessToken()))
                .then());
    }

    /**
     * A valid access token for {@code principal} through the {@link TokenManager}: cached, else refreshed once across
     * callers and instances. No connection, or a grant the provider no longer honours, fails with
     * {@link ClientAuthorizationRequiredException} (its cause says which), so that Spring Security sends a browser
     * to authorize again; other failures are SaaS Connect's typed ones.
     */
    public Mono<OAuth2AuthorizedClient> authorize(ClientRegistration client, Authentication principal) {
        String registrationId = client.getRegistrationId();
        return Mono.defer(() -> {
            if (TRUST.isAnonymous(principal)) {
                return Mono.error(new ClientAuthorizationRequiredException(registrationId));
            }
            String owner = principal.getName();
            return tokens.accessToken(connection(registrationId, owner))
                    .map(token -> authorizedClient(client, owner, token, null))
                    .onErrorMap(
                            e -> e instanceof ConnectionNotFoundException
                                    || e instanceof ReauthorizationRequiredException,
                            e -> authorizationRequired(registrationId, e));
        });
    }

    private static ClientAuthorizationRequiredException authorizationRequired(String registrationId, Throwable cause) {
        ClientAuthorizationRequiredException e = new ClientAuthorizationRequiredException(registrationId);
        e.initCause(cause);
        return e;
    }

    private ConnectionId connection(String registrationId, String principalName) {
        return ConnectionId.of(ours(registrationId), principalName);
    }

    private String ours(String registrationId) {
        String ours = registrations.ours(registrationId);
        if (ours == null) {
            throw new IllegalArgumentException("Spring Security's registration '" + registrationId
                    + "' is not served by SaaS Connect (no saas-connect.providers.<id>.from-spring-security names it)");
        }
        return ours;
    }

    private static OAuth2AuthorizedClient authorizedClient(
            ClientRegistration client, String principalName, AccessToken token, @Nullable Instant issuedAt) {
        return new OAuth2AuthorizedClient(
                client,
                principalName,
                new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER,
                        token.value().reveal(),
                        issuedAt,
                        token.expiresAt(),
                        token.scopes()));
    }

    /** When the stored token was issued, as far as we know; Spring Security wants it before the expiry. */
    private static Instant issuedAt(ConnectionRecord record) {
        Instant expires = record.accessTokenExpiresAt();
        Instant issued = record.lastRefreshedAt();
        return expires != null && !issued.isBefore(expires) ? expires.minusSeconds(1) : issued;
    }

    private static TokenSet tokenSet(OAuth2AuthorizedClient client) {
        OAuth2AccessToken access = client.getAccessToken();
        OAuth2RefreshToken refresh = client.getRefreshToken();
        return new TokenSet(
                Secret.of(access.getTokenValue()),
                access.getExpiresAt(),
                access.getTokenType().getValue(),
                refresh == null ? null : Secret.of(refresh.getTokenValue()),
                refresh == null ? null : refresh.getExpiresAt(),
                access.getScopes(),
                null,
                Map.of());
    }
}
