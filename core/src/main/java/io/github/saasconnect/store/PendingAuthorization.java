package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.internal.Sha256;
import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An authorization that was started and waits for its callback: what the connect flow needs to
 * finish it. Kept in a {@link PendingAuthorizationStore} under {@link #key()}, the digest of the {@code state}
 * sent to the provider; the state itself is never stored.
 *
 * @param key {@link #keyOf(String) keyOf(state)}: 43 base64url characters
 * @param connection the registration and owner the authorization was started for; its {@link ConnectionId#account()}
 *     is the provider account the start named as the one being reconnected, or {@code null} when it named none
 * @param redirectUri the {@code redirect_uri} sent in the authorization request (the token request repeats it)
 * @param returnTo where the browser goes once the callback is handled, already checked by the connect flow's return-to policy
 * @param codeVerifier the PKCE verifier, or {@code null} when the provider takes no PKCE; a secret
 * @param createdAt when the authorization was started
 * @param expiresAt when the state stops being accepted
 * @param nonce the OpenID Connect {@code nonce} sent in the authorization request, which the ID token of the code
 *     exchange must carry; {@code null} when none was sent (no {@code openid} scope, or an authorization started
 *     by a release before 0.3, which sent none and whose ID token therefore carries none); a secret
 * @param scopes the scopes this authorization asked for on top of the registration's own (incremental consent),
 *     empty when none; the code exchange must find them granted
 */
public record PendingAuthorization(
        String key,
        ConnectionId connection,
        URI redirectUri,
        String returnTo,
        @Nullable Secret codeVerifier,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Secret nonce,
        Set<String> scopes) {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");

    public PendingAuthorization {
        requireKey(key);
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(returnTo, "returnTo");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = scopes == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    }

    /** An authorization that asked for no scopes beyond the registration's own. */
    public PendingAuthorization(
            String key,
            ConnectionId connection,
            URI redirectUri,
            String returnTo,
            @Nullable Secret codeVerifier,
            Instant createdAt,
            Instant expiresAt,
            @Nullable Secret nonce) {
        this(key, connection, redirectUri, returnTo, codeVerifier, createdAt, expiresAt, nonce, Set.of());
    }

    /** An authorization without a {@code nonce} (no {@code openid} scope requested). */
    public PendingAuthorization(
            String key,
            ConnectionId connection,
            URI redirectUri,
            String returnTo,
            @Nullable Secret codeVerifier,
            Instant createdAt,
            Instant expiresAt) {
        this(key, connection, redirectUri, returnTo, codeVerifier, createdAt, expiresAt, null, Set.of());
    }

    /**
     * The store key of {@code state}: its SHA-256 in base64url without padding. Whoever can read the store (or
     * list a Vault path) learns no state that a callback would accept.
     */
    public static String keyOf(String state) {
        Objects.requireNonNull(state, "state");
        return Sha256.base64Url(state);
    }

    /**
     * Checks that {@code key} has the form of {@link #keyOf}, so stores can use it as a file name or path
     * segment as it is.
     *
     * @throws IllegalArgumentException when it does not
     */
    public static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("pending authorization key must be 43 base64url characters "
                    + "(PendingAuthorization.keyOf(state))");
        }
        return key;
    }

    /** Whether the state is no longer accepted at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "PendingAuthorization[connection=" + connection + ", redirectUri=" + redirectUri + ", returnTo="
                + returnTo + ", pkce=" + (codeVerifier != null) + ", nonce=" + (nonce != null) + ", scopes=" + scopes
                + ", createdAt="
                + createdAt + ", expiresAt="
                + expiresAt + "]";
    }
}
