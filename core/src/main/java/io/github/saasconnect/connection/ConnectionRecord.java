package io.github.saasconnect.connection;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What is stored per connection. Immutable: every change makes a new record with one of the {@code with…}
 * methods, and the store writes it by compare-and-set.
 *
 * @param schema the layout version of this record, {@link #CURRENT_SCHEMA} for records written by this code
 * @param id the connection
 * @param status where the connection stands
 * @param refreshToken the refresh token, or {@code null} when the provider issues none (GitHub OAuth Apps)
 * @param refreshTokenExpiresAt when the refresh token dies for good (from {@code refresh_token_expires_in}),
 *     or {@code null} when the provider states no fixed expiry
 * @param accessToken the current access token
 * @param accessTokenExpiresAt when it expires, or {@code null} when it does not expire
 * @param tokenType the token type the provider sent, normally {@code Bearer}
 * @param scopes the scopes the provider granted
 * @param attributes provider facts found after connecting (DocuSign {@code base_uri}, Microsoft {@code tid} ...)
 * @param connectedAt when the user connected
 * @param lastRefreshedAt when the tokens were last refreshed (or obtained)
 * @param lease the refresh lease, or {@code null} when nobody is refreshing
 * @param lastError the last failure, or {@code null}
 * @param generation random per connect; tells a reconnected connection from the one deleted before it
 */
public record ConnectionRecord(
        int schema,
        ConnectionId id,
        ConnectionStatus status,
        @Nullable Secret refreshToken,
        @Nullable Instant refreshTokenExpiresAt,
        Secret accessToken,
        @Nullable Instant accessTokenExpiresAt,
        String tokenType,
        Set<String> scopes,
        Map<String, String> attributes,
        Instant connectedAt,
        Instant lastRefreshedAt,
        @Nullable RefreshLease lease,
        @Nullable ConnectionError lastError,
        String generation) {

    /** The schema written by this version for an owner's default connection. */
    public static final int CURRENT_SCHEMA = 1;

    /**
     * The schema the stores write a named account's record with ({@link ConnectionId#account()} set), and the newest
     * this version reads. Releases before accounts existed refuse it as too new, rather than read such a record as
     * the owner's default connection and write another account's tokens there; default connections keep schema
     * {@value #CURRENT_SCHEMA}, so such releases can still share a store with this one during a rolling upgrade.
     */
    public static final int NAMED_ACCOUNT_SCHEMA = 2;

    /**
     * The attribute prefix of the application's tags ({@link #tags()}); provider discovery never writes such names,
     * so tags live in every store's attributes without a schema change.
     */
    public static final String TAG_PREFIX = "tag:";

    public ConnectionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        if (status == ConnectionStatus.UNREADABLE) {
            throw new IllegalArgumentException(
                    "status UNREADABLE describes a record the store cannot read; no record " + "carries it");
        }
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(lastRefreshedAt, "lastRefreshedAt");
        Objects.requireNonNull(generation, "generation");
        if (id.isApp()) {
            // app tokens are minted and cached, never stored; refusing them here keeps the reserved owner form
            // out of every store, so an app connection can never be mistaken for a user's
            throw new IllegalArgumentException("connection " + id + " is an app connection ('"
                    + ConnectionId.APP_OWNER_PREFIX + "' owners are reserved); it cannot be stored");
        }
        tokenType = tokenType == null ? "Bearer" : tokenType;
        scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The current access token as handed to callers. */
    public AccessToken toAccessToken() {
        return new AccessToken(id, accessToken, accessTokenExpiresAt, tokenType, scopes);
    }

    /**
     * This record filed under {@code newId} (another account of the same owner, say), everything else unchanged; the
     * stores pick the schema from the id.
     */
    public ConnectionRecord withId(ConnectionId newId) {
        return new ConnectionRecord(
                schema,
                newId,
                status,
                refreshToken,
                refreshTokenExpiresAt,
                accessToken,
                accessTokenExpiresAt,
                tokenType,
                scopes,
                attributes,
                connectedAt,
                lastRefreshedAt,
                lease,
                lastError,
                generation);
    }

    /** This record holding {@code newLease} (or none). */
    public ConnectionRecord withLease(RefreshLease newLease) {
        return new ConnectionRecord(
                schema,
                id,
                status,
                refreshToken,
                refreshTokenExpiresAt,
                accessToken,
                accessTokenExpiresAt,
                tokenType,
                scopes,
                attributes,
                connectedAt,
                lastRefreshedAt,
                newLease,
                lastError,
                generation);
    }

    /** This record marked {@code newStatus} with {@code error}, lease released. */
    public ConnectionRecord withStatus(ConnectionStatus newStatus, ConnectionError error) {
        return new ConnectionRecord(
                schema,
                id,
                newStatus,
                refreshToken,
                refreshTokenExpiresAt,
                accessToken,
                accessTokenExpiresAt,
                tokenType,
                scopes,
                attributes,
                connectedAt,
                lastRefreshedAt,
                null,
                error,
                generation);
    }

    /** This record holding {@code newRefreshToken}, which dies at {@code expiresAt} ({@code null}: no fixed expiry). */
    public ConnectionRecord withRefreshToken(@Nullable Secret newRefreshToken, @Nullable Instant expiresAt) {
        return new ConnectionRecord(
                schema,
                id,
                status,
                newRefreshToken,
                expiresAt,
                accessToken,
                accessTokenExpiresAt,
                tokenType,
                scopes,
                attributes,
                connectedAt,
                lastRefreshedAt,
                lease,
                lastError,
                generation);
    }

    /** The application's tags of this connection: small key/value metadata, kept across refreshes and reconnects. */
    public Map<String, String> tags() {
        Map<String, String> tags = new java.util.TreeMap<>();
        attributes.forEach((k, v) -> {
            if (k.startsWith(TAG_PREFIX)) {
                tags.put(k.substring(TAG_PREFIX.length()), v);
            }
        });
        return java.util.Collections.unmodifiableMap(tags);
    }

    /** The provider's attributes, without the application's tags. */
    public Map<String, String> providerAttributes() {
        Map<String, String> facts = new java.util.HashMap<>(attributes);
        facts.keySet().removeIf(k -> k.startsWith(TAG_PREFIX));
        return Map.copyOf(facts);
    }

    /** This record with its tags replaced by {@code newTags} (checked by {@link ConnectionTags#check}). */
    public ConnectionRecord withTags(Map<String, String> newTags) {
        ConnectionTags.check(newTags);
        Map<String, String> merged = new java.util.HashMap<>(providerAttributes());
        newTags.forEach((k, v) -> merged.put(TAG_PREFIX + k, v));
        return withAttributeMap(merged);
    }

    /** This record with the provider attributes merged in. */
    public ConnectionRecord withAttributes(Map<String, String> more) {
        var merged = new java.util.HashMap<>(attributes);
        merged.putAll(more);
        return withAttributeMap(merged);
    }

    private ConnectionRecord withAttributeMap(Map<String, String> newAttributes) {
        return new ConnectionRecord(
                schema,
                id,
                status,
                refreshToken,
                refreshTokenExpiresAt,
                accessToken,
                accessTokenExpiresAt,
                tokenType,
                scopes,
                newAttributes,
                connectedAt,
                lastRefreshedAt,
                lease,
                lastError,
                generation);
    }

    /**
     * This record after a successful refresh: new tokens, status active, lease released, error cleared.
     * A {@code null} refresh token in {@code tokens} keeps the stored one (providers that do not rotate).
     */
    public ConnectionRecord refreshedWith(TokenSet tokens, Instant now) {
        Secret newRefresh = tokens.refreshToken() != null ? tokens.refreshToken() : refreshToken;
        Instant newRefreshExpiry =
                tokens.refreshToken() != null ? tokens.refreshTokenExpiresAt() : refreshTokenExpiresAt;
        Set<String> newScopes = tokens.scopes().isEmpty() ? scopes : tokens.scopes();
        return new ConnectionRecord(
                CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                newRefresh,
                newRefreshExpiry,
                tokens.accessToken(),
                tokens.accessTokenExpiresAt(),
                tokens.tokenType(),
                newScopes,
                attributes,
                connectedAt,
                now,
                null,
                null,
                generation);
    }

    /** A new active connection made from a code exchange. */
    public static ConnectionRecord connected(
            ConnectionId id, TokenSet tokens, Map<String, String> attributes, Instant now, String generation) {
        return new ConnectionRecord(
                CURRENT_SCHEMA,
                id,
                ConnectionStatus.ACTIVE,
                tokens.refreshToken(),
                tokens.refreshTokenExpiresAt(),
                tokens.accessToken(),
                tokens.accessTokenExpiresAt(),
                tokens.tokenType(),
                tokens.scopes(),
                attributes,
                now,
                now,
                null,
                null,
                generation);
    }

    @Override
    public String toString() {
        return "ConnectionRecord[id=" + id + ", status=" + status + ", scopes=" + scopes
                + ", accessTokenExpiresAt=" + accessTokenExpiresAt + ", refreshTokenExpiresAt=" + refreshTokenExpiresAt
                + ", lastRefreshedAt=" + lastRefreshedAt + ", lease=" + lease + ", lastError=" + lastError
                + ", generation=" + generation + "]";
    }
}
