package io.github.saasconnect.testkit.sandbox.internal;

import io.github.saasconnect.testkit.sandbox.SandboxUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A sandbox's authorization server state: consents (grants), authorization codes, access and refresh tokens. Every
 * rule that depends on time reads the injected clock. All methods are atomic.
 */
public final class AuthorizationStore {

    private final Clock clock;
    private volatile TokenFormat format;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grantsByKey = new HashMap<>();
    private final Map<String, Grant> grantsById = new HashMap<>();
    private final Map<String, AuthorizationCode> codes = new HashMap<>();
    private final Set<String> redeemedCodes = new HashSet<>();
    private final Map<String, AccessToken> accessTokens = new LinkedHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new LinkedHashMap<>();

    public AuthorizationStore(Clock clock, TokenFormat format) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** Changes how codes and tokens issued from now on look (GitHub's app kinds differ in prefixes). */
    public void tokenFormat(TokenFormat newFormat) {
        this.format = Objects.requireNonNull(newFormat, "newFormat");
    }

    /** The live (unrevoked) grant of this user for this client. */
    public synchronized Optional<Grant> grant(String userId, String clientId) {
        return Optional.ofNullable(grantsByKey.get(key(userId, clientId))).filter(grant -> !grant.revoked());
    }

    /** Records consent to {@code scopes}, adding them to a live grant or starting a new one. */
    public synchronized Grant consent(SandboxUser user, String clientId, Set<String> scopes) {
        Instant now = clock.instant();
        Grant current = grant(user.id(), clientId).orElse(null);
        Grant grant = current == null
                ? new Grant(UUID.randomUUID().toString(), user.id(), clientId, scopes, now, null)
                : new Grant(
                        current.id(),
                        user.id(),
                        clientId,
                        Scopes.union(current.scopes(), scopes),
                        current.createdAt(),
                        null);
        grantsByKey.put(key(user.id(), clientId), grant);
        grantsById.put(grant.id(), grant);
        return grant;
    }

    /** Issues an authorization code under a grant. */
    public synchronized AuthorizationCode issueCode(
            Grant grant,
            String redirectUri,
            Set<String> scopes,
            String codeChallenge,
            String codeChallengeMethod,
            boolean consentShown,
            Map<String, String> parameters) {
        AuthorizationCode code = new AuthorizationCode(
                format.code(random),
                grant.clientId(),
                grant.userId(),
                grant.id(),
                redirectUri,
                scopes,
                codeChallenge,
                codeChallengeMethod,
                consentShown,
                parameters,
                clock.instant());
        codes.put(code.value(), code);
        return code;
    }

    /**
     * Checks and consumes an authorization code.
     *
     * @param value the code
     * @param clientId the authenticated client
     * @param redirectUri the {@code redirect_uri} of the token request, or {@code null}
     * @param redirectUriOptional whether the token request may omit a {@code redirect_uri} the authorization request
     *     had (GitHub); a {@code redirect_uri} that is sent must always match
     * @param codeVerifier the PKCE verifier, or {@code null}
     * @param lifetime how long codes live
     * @return the code, or why it is refused
     */
    public synchronized CodeRedemption redeemCode(
            String value,
            String clientId,
            String redirectUri,
            boolean redirectUriOptional,
            String codeVerifier,
            Duration lifetime) {
        AuthorizationCode code = value == null ? null : codes.get(value);
        if (code == null) {
            return new CodeRedemption(null, CodeRedemption.Failure.UNKNOWN);
        }
        if (!code.clientId().equals(clientId)) {
            return new CodeRedemption(code, CodeRedemption.Failure.CLIENT_MISMATCH);
        }
        if (redeemedCodes.contains(value)) {
            return new CodeRedemption(code, CodeRedemption.Failure.ALREADY_REDEEMED);
        }
        if (clock.instant().isAfter(code.issuedAt().plus(lifetime))) {
            return new CodeRedemption(code, CodeRedemption.Failure.EXPIRED);
        }
        if (code.redirectUri() != null
                && !(redirectUriOptional && redirectUri == null)
                && !code.redirectUri().equals(redirectUri)) {
            return new CodeRedemption(code, CodeRedemption.Failure.REDIRECT_URI_MISMATCH);
        }
        if (code.codeChallenge() != null) {
            if (codeVerifier == null) {
                return new CodeRedemption(code, CodeRedemption.Failure.VERIFIER_MISSING);
            }
            if (!Pkce.matches(code.codeChallengeMethod(), code.codeChallenge(), codeVerifier)) {
                return new CodeRedemption(code, CodeRedemption.Failure.VERIFIER_MISMATCH);
            }
        }
        Grant grant = grantsById.get(code.grantId());
        if (grant == null || grant.revoked()) {
            return new CodeRedemption(code, CodeRedemption.Failure.GRANT_REVOKED);
        }
        redeemedCodes.add(value);
        return new CodeRedemption(code, null);
    }

    /** Issues the first tokens of a new chain (a code exchange, or a seeded connection). */
    public synchronized TokenIssuance issueTokens(
            String grantId, Set<String> scopes, TokenPolicy policy, boolean withRefreshToken) {
        Grant grant = Objects.requireNonNull(grantsById.get(grantId), "grant " + grantId);
        Instant now = clock.instant();
        String chainId = UUID.randomUUID().toString();
        AccessToken access = newAccessToken(grant, chainId, scopes, policy, now);
        RefreshToken refresh = null;
        if (withRefreshToken) {
            Instant expiresAt = policy.refreshLifetime() == null ? null : now.plus(policy.refreshLifetime());
            refresh = newRefreshToken(grant, chainId, scopes, policy, now, expiresAt);
        }
        return new TokenIssuance(access, refresh, grant);
    }

    /**
     * Exchanges a refresh token under {@code policy}.
     *
     * @param value the presented refresh token
     * @param clientId the authenticated client
     * @param requestedScopes scopes asked for, or empty to keep the token's scopes
     * @param policy the provider's rules
     * @return the new tokens, or why the refresh is refused
     */
    public synchronized RefreshResult refresh(
            String value, String clientId, Set<String> requestedScopes, TokenPolicy policy) {
        RefreshToken presented = value == null ? null : refreshTokens.get(value);
        if (presented == null) {
            return new RefreshResult(null, null, RefreshResult.Failure.UNKNOWN);
        }
        RefreshResult.Failure failure = refreshFailure(presented, clientId, policy);
        if (failure == null && !requestedScopes.isEmpty() && !presented.scopes().containsAll(requestedScopes)) {
            failure = RefreshResult.Failure.INVALID_SCOPE;
        }
        if (failure != null) {
            return new RefreshResult(null, presented, failure);
        }
        Instant now = clock.instant();
        Grant grant = grantsById.get(presented.grantId());
        Set<String> scopes = requestedScopes.isEmpty() ? presented.scopes() : requestedScopes;
        if (policy.refreshRevokesAccessTokens()) {
            accessTokens.replaceAll(
                    (key, token) -> token.chainId().equals(presented.chainId()) ? token.revoke(now) : token);
        }
        boolean rotates = policy.rotation() != RefreshRotation.NONE;
        refreshTokens.put(presented.value(), presented.used(now, rotates));
        AccessToken access = newAccessToken(grant, presented.chainId(), scopes, policy, now);
        RefreshToken successor = null;
        if (rotates) {
            Instant expiresAt = policy.rotationKeepsExpiry()
                    ? presented.expiresAt()
                    : policy.refreshLifetime() == null ? null : now.plus(policy.refreshLifetime());
            successor = newRefreshToken(grant, presented.chainId(), presented.scopes(), policy, now, expiresAt);
        }
        return new RefreshResult(new TokenIssuance(access, successor, grant), presented, null);
    }

    private RefreshResult.Failure refreshFailure(RefreshToken token, String clientId, TokenPolicy policy) {
        Instant now = clock.instant();
        Grant grant = grantsById.get(token.grantId());
        if (!token.clientId().equals(clientId)) {
            return RefreshResult.Failure.CLIENT_MISMATCH;
        }
        if (token.revokedAt() != null || grant == null || grant.revoked()) {
            return RefreshResult.Failure.REVOKED;
        }
        if (token.expiresAt() != null && !now.isBefore(token.expiresAt())) {
            return RefreshResult.Failure.EXPIRED;
        }
        if (token.idleExpiresAt() != null && now.isAfter(token.idleExpiresAt())) {
            return RefreshResult.Failure.IDLE_EXPIRED;
        }
        if (token.rotatedAt() != null) {
            switch (policy.rotation()) {
                case STRICT:
                    return RefreshResult.Failure.ALREADY_USED;
                case GRACE_PERIOD:
                    if (now.isAfter(token.rotatedAt().plus(policy.rotationGrace()))) {
                        return RefreshResult.Failure.ALREADY_USED;
                    }
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    /** Whether an access token may be used now. */
    public synchronized AccessCheck checkAccessToken(String value) {
        AccessToken token = value == null ? null : accessTokens.get(value);
        if (token == null) {
            return new AccessCheck(AccessCheck.Status.UNKNOWN, null);
        }
        Grant grant = grantsById.get(token.grantId());
        if (token.revokedAt() != null) {
            return new AccessCheck(AccessCheck.Status.REVOKED, token);
        }
        if (token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt())) {
            return new AccessCheck(AccessCheck.Status.EXPIRED, token);
        }
        if (grant == null) {
            return new AccessCheck(AccessCheck.Status.REVOKED, token);
        }
        return new AccessCheck(AccessCheck.Status.VALID, token);
    }

    public synchronized Optional<AccessToken> accessToken(String value) {
        return Optional.ofNullable(accessTokens.get(value));
    }

    public synchronized Optional<RefreshToken> refreshToken(String value) {
        return Optional.ofNullable(refreshTokens.get(value));
    }

    /**
     * Revokes a user's grant for a client: its refresh tokens always, its access tokens when asked.
     *
     * @return whether there was a live grant
     */
    public synchronized boolean revokeGrant(String userId, String clientId, boolean accessTokensToo) {
        Grant grant = grant(userId, clientId).orElse(null);
        if (grant == null) {
            return false;
        }
        revokeGrantById(grant.id(), accessTokensToo);
        return true;
    }

    /** Revokes the grant that issued {@code token} (an access or refresh token) with every token under it. */
    public synchronized boolean revokeGrantOfToken(String token, boolean accessTokensToo) {
        String grantId = Optional.ofNullable(accessTokens.get(token))
                .map(AccessToken::grantId)
                .or(() -> Optional.ofNullable(refreshTokens.get(token)).map(RefreshToken::grantId))
                .orElse(null);
        Grant grant = grantId == null ? null : grantsById.get(grantId);
        if (grant == null || grant.revoked()) {
            return false;
        }
        revokeGrantById(grantId, accessTokensToo);
        return true;
    }

    private void revokeGrantById(String grantId, boolean accessTokensToo) {
        Instant now = clock.instant();
        Grant grant = grantsById.get(grantId);
        Grant revoked = new Grant(grant.id(), grant.userId(), grant.clientId(), grant.scopes(), grant.createdAt(), now);
        grantsById.put(grantId, revoked);
        grantsByKey.put(key(grant.userId(), grant.clientId()), revoked);
        refreshTokens.replaceAll((key, token) -> token.grantId().equals(grantId) ? token.revoke(now) : token);
        if (accessTokensToo) {
            accessTokens.replaceAll((key, token) -> token.grantId().equals(grantId) ? token.revoke(now) : token);
        }
    }

    /** Revokes one access token (its refresh tokens stay). */
    public synchronized boolean revokeAccessToken(String value) {
        AccessToken token = accessTokens.get(value);
        if (token == null || token.revokedAt() != null) {
            return false;
        }
        accessTokens.put(value, token.revoke(clock.instant()));
        return true;
    }

    /** Revokes every refresh token of a user, for all clients (Microsoft's revokeSignInSessions). */
    public synchronized void revokeRefreshTokensOfUser(String userId) {
        Instant now = clock.instant();
        refreshTokens.replaceAll((key, token) -> token.userId().equals(userId) ? token.revoke(now) : token);
    }

    /** Makes a refresh token expired from now on. */
    public synchronized boolean expireRefreshToken(String value) {
        RefreshToken token = refreshTokens.get(value);
        if (token == null) {
            return false;
        }
        refreshTokens.put(value, token.expire(clock.instant()));
        return true;
    }

    /** Makes an access token expired from now on. */
    public synchronized boolean expireAccessToken(String value) {
        AccessToken token = accessTokens.get(value);
        if (token == null) {
            return false;
        }
        accessTokens.put(value, token.expire(clock.instant()));
        return true;
    }

    /** Refresh tokens of a user and client that are neither revoked nor superseded, oldest first. */
    public synchronized List<RefreshToken> liveRefreshTokens(String userId, String clientId) {
        List<RefreshToken> live = new ArrayList<>();
        for (RefreshToken token : refreshTokens.values()) {
            if (token.userId().equals(userId)
                    && token.clientId().equals(clientId)
                    && token.revokedAt() == null
                    && token.rotatedAt() == null) {
                live.add(token);
            }
        }
        return live;
    }

    private AccessToken newAccessToken(
            Grant grant, String chainId, Set<String> scopes, TokenPolicy policy, Instant now) {
        Instant expiresAt = policy.accessTokenLifetime() == null ? null : now.plus(policy.accessTokenLifetime());
        AccessToken token = new AccessToken(
                format.accessToken(random),
                grant.id(),
                chainId,
                grant.userId(),
                grant.clientId(),
                scopes,
                now,
                expiresAt,
                null);
        accessTokens.put(token.value(), token);
        return token;
    }

    private RefreshToken newRefreshToken(
            Grant grant, String chainId, Set<String> scopes, TokenPolicy policy, Instant now, Instant expiresAt) {
        if (policy.maxLiveRefreshTokens() > 0) {
            List<RefreshToken> live = liveRefreshTokens(grant.userId(), grant.clientId());
            for (int i = 0; i <= live.size() - policy.maxLiveRefreshTokens(); i++) {
                refreshTokens.put(live.get(i).value(), live.get(i).revoke(now));
            }
        }
        RefreshToken token = new RefreshToken(
                format.refreshToken(random),
                grant.id(),
                chainId,
                grant.userId(),
                grant.clientId(),
                scopes,
                now,
                now,
                expiresAt,
                policy.refreshIdleLifetime(),
                null,
                null);
        refreshTokens.put(token.value(), token);
        return token;
    }

    private static String key(String userId, String clientId) {
        return userId + '\n' + clientId;
    }
}
