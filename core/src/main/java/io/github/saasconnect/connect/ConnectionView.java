package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.provider.AccountIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything about a connection but its tokens, for settings pages, admin screens and jobs that need the provider
 * account's facts (DocuSign's {@code account_id} and {@code base_uri}, Microsoft's {@code tid}) without reading the
 * token store. No field holds a token, a verifier or a lease.
 *
 * @param id the registration and owner
 * @param providerType the provider type ({@code github}, {@code google} ...)
 * @param status where it stands
 * @param accountId the provider's stable account id (see {@link AccountIdentity}), or {@code null}
 * @param login a login or user name for display (it can change), or {@code null}
 * @param displayName a display name, or {@code null}
 * @param email an e-mail address, or {@code null}
 * @param scopes the granted scopes, sorted
 * @param attributes the provider facts found when connecting (no secrets: ids, hosts, names)
 * @param tags the application's tags of the connection ({@link Connections#tag})
 * @param connectedAt when the user connected, or {@code null} when {@link ConnectionStatus#UNREADABLE}
 * @param lastRefreshedAt when the tokens were last obtained, or {@code null} when unreadable
 * @param accessTokenExpiresAt when the current access token expires, or {@code null}
 * @param refreshTokenExpiresAt when the grant dies for good whatever happens (a fixed expiry), or {@code null}
 * @param lastErrorKind the kind of the last failure, or {@code null}
 * @param lastErrorCode the provider's code of the last failure, or {@code null}
 */
public record ConnectionView(
        ConnectionId id,
        String providerType,
        ConnectionStatus status,
        @Nullable String accountId,
        @Nullable String login,
        @Nullable String displayName,
        @Nullable String email,
        List<String> scopes,
        Map<String, String> attributes,
        Map<String, String> tags,
        @Nullable Instant connectedAt,
        @Nullable Instant lastRefreshedAt,
        @Nullable Instant accessTokenExpiresAt,
        @Nullable Instant refreshTokenExpiresAt,
        @Nullable FailureKind lastErrorKind,
        @Nullable String lastErrorCode) {

    public ConnectionView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(providerType, "providerType");
        Objects.requireNonNull(status, "status");
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The view of {@code record}, its account named by {@code identity}. */
    public static ConnectionView of(ConnectionRecord record, String providerType, AccountIdentity identity) {
        Map<String, String> a = record.providerAttributes();
        return new ConnectionView(
                record.id(),
                providerType,
                record.status(),
                identity.accountId(a),
                identity.login(a),
                identity.displayName(a),
                identity.email(a),
                record.scopes().stream().sorted().toList(),
                a,
                record.tags(),
                record.connectedAt(),
                record.lastRefreshedAt(),
                record.accessTokenExpiresAt(),
                record.refreshTokenExpiresAt(),
                record.lastError() == null ? null : record.lastError().kind(),
                record.lastError() == null ? null : record.lastError().code());
    }

    /** A stored connection that cannot be read (another key, damaged): only its existence is known. */
    public static ConnectionView unreadable(ConnectionId id, String providerType) {
        return new ConnectionView(
                id,
                providerType,
                ConnectionStatus.UNREADABLE,
                null,
                null,
                null,
                null,
                List.of(),
                Map.of(),
                Map.of(),
                null,
                null,
                null,
                null,
                FailureKind.STORE_UNAVAILABLE,
                ConnectionSummary.RECORD_UNREADABLE);
    }

    /** The attribute {@code name}, or {@code null}. */
    public @Nullable String attribute(String name) {
        return attributes.get(name);
    }
}
