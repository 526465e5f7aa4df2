package io.github.saasconnect.testkit.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens the server accepts, with their policies; login endpoints add to it and revoke-self removes. A token
 * with a TTL expires on the server's clock (then it is unknown, as Vault revokes it) unless renew-self extends it.
 */
final class TokenRegistry {

    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();

    private final SecureRandom random = new SecureRandom();

    private final Clock clock;

    TokenRegistry(Clock clock) {
        this.clock = clock;
    }

    /**
     * A token and what it may do.
     *
     * @param ttl the TTL it was created with; zero means it never expires (like a root token)
     * @param period for a periodic token, what each renewal resets the TTL to; zero otherwise
     * @param expiresAt when it stops working, {@code null} for never
     */
    record IssuedToken(
            String id,
            String accessor,
            VaultPolicy policy,
            Instant issuedAt,
            Duration ttl,
            Duration period,
            Instant expiresAt) {

        boolean renewable() {
            return !this.ttl.isZero();
        }

        boolean periodic() {
            return !this.period.isZero();
        }

        /** Seconds left, 0 for a token that never expires. */
        long remainingSeconds(Instant now) {
            return this.expiresAt == null
                    ? 0
                    : Math.max(0, Duration.between(now, this.expiresAt).toSeconds());
        }
    }

    void register(String token, VaultPolicy policy) {
        this.tokens.put(
                token,
                new IssuedToken(token, randomId(), policy, this.clock.instant(), Duration.ZERO, Duration.ZERO, null));
    }

    /** A periodic service token: it lives {@code period}, and every renew-self gives it {@code period} again. */
    void registerPeriodic(String token, VaultPolicy policy, Duration period) {
        Instant now = this.clock.instant();
        this.tokens.put(token, new IssuedToken(token, randomId(), policy, now, period, period, now.plus(period)));
    }

    IssuedToken issue(VaultPolicy policy, Duration ttl) {
        Instant now = this.clock.instant();
        IssuedToken token =
                new IssuedToken("hvs.testkit" + randomId(), randomId(), policy, now, ttl, Duration.ZERO, now.plus(ttl));
        this.tokens.put(token.id(), token);
        return token;
    }

    /** The token, or {@code null} when it is unknown, revoked or expired. */
    IssuedToken lookup(String token) {
        IssuedToken found = (token != null) ? this.tokens.get(token) : null;
        if (found != null && found.expiresAt() != null && !this.clock.instant().isBefore(found.expiresAt())) {
            this.tokens.remove(token, found);
            return null;
        }
        return found;
    }

    /**
     * renew-self: the period again for a periodic token, else the creation TTL again.
     *
     * @throws VaultError 400 for a token that is not renewable
     */
    IssuedToken renew(IssuedToken token) {
        if (!token.renewable()) {
            throw VaultError.badRequest("lease is not renewable");
        }
        Duration extension = token.periodic() ? token.period() : token.ttl();
        IssuedToken renewed = new IssuedToken(
                token.id(),
                token.accessor(),
                token.policy(),
                token.issuedAt(),
                token.ttl(),
                token.period(),
                this.clock.instant().plus(extension));
        this.tokens.put(token.id(), renewed);
        return renewed;
    }

    void revoke(String token) {
        this.tokens.remove(token);
    }

    private String randomId() {
        byte[] bytes = new byte[12];
        this.random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
