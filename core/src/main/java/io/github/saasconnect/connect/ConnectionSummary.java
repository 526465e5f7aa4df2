package io.github.saasconnect.connect;

import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.provider.AccountIdentity;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a user may see about one of their connections: who is connected, no token, no other provider attributes.
 *
 * @param registration the registration id
 * @param providerType the provider type ({@code github}, {@code oauth2} ...)
 * @param status where it stands
 * @param accountId the provider's stable account id, or {@code null} (see {@link AccountIdentity})
 * @param login the provider login or user name, for display, or {@code null}
 * @param displayName the provider account's display name, or {@code null}
 * @param email the provider account's e-mail address, or {@code null}
 * @param scopes the granted scopes, sorted
 * @param connectedAt when the user connected, or {@code null} when the status is {@link ConnectionStatus#UNREADABLE}
 * @param lastRefreshedAt when the tokens were last obtained, or {@code null} when the status is
 *     {@link ConnectionStatus#UNREADABLE}
 * @param accessTokenExpiresAt when the current access token expires, or {@code null} when it does not
 * @param refreshTokenExpiresAt when the refresh token dies for good, or {@code null} when no fixed expiry is known
 * @param lastErrorKind the kind of the last failure, or {@code null}
 * @param lastErrorCode the provider's error code of the last failure ({@value #RECORD_UNREADABLE} for an unreadable
 *     record), or {@code null}
 */
public record ConnectionSummary(
        String registration,
        String providerType,
        ConnectionStatus status,
        @Nullable String accountId,
        @Nullable String login,
        @Nullable String displayName,
        @Nullable String email,
        List<String> scopes,
        @Nullable Instant connectedAt,
        @Nullable Instant lastRefreshedAt,
        @Nullable Instant accessTokenExpiresAt,
        @Nullable Instant refreshTokenExpiresAt,
        @Nullable FailureKind lastErrorKind,
        @Nullable String lastErrorCode) {

    /** The error code of a connection whose stored record cannot be read. */
    public static final String RECORD_UNREADABLE = "record_unreadable";

    public ConnectionSummary {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    /**
     * A connection of {@code registration} whose stored record cannot be read (another key, damaged): nothing is
     * known of it but that it exists. The user can connect again to replace it, or disconnect to delete it.
     */
    public static ConnectionSummary unreadable(String registration, String providerType) {
        return new ConnectionSummary(
                registration,
                providerType,
                ConnectionStatus.UNREADABLE,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                null,
                null,
                FailureKind.STORE_UNAVAILABLE,
                RECORD_UNREADABLE);
    }

    /** The summary of {@code record}, without the account's identity. */
    public static ConnectionSummary of(ConnectionRecord record, String providerType) {
        return of(record, providerType, AccountIdentity.NONE);
    }

    /** The summary of {@code record}, its account named by {@code identity}. */
    public static ConnectionSummary of(ConnectionRecord record, String providerType, AccountIdentity identity) {
        return of(ConnectionView.of(record, providerType, identity));
    }

    /** What the owner of {@code view} may see of it. */
    public static ConnectionSummary of(ConnectionView view) {
        return new ConnectionSummary(
                view.id().registration(),
                view.providerType(),
                view.status(),
                view.accountId(),
                view.login(),
                view.displayName(),
                view.email(),
                view.scopes(),
                view.connectedAt(),
                view.lastRefreshedAt(),
                view.accessTokenExpiresAt(),
                view.refreshTokenExpiresAt(),
                view.lastErrorKind(),
                view.lastErrorCode());
    }
}
