package io.github.saasconnect.testkit.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tokens the server accepts, with their policies; login endpoints add to it and revoke-self removes. */
final class TokenRegistry {

    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();

    private final SecureRandom random = new SecureRandom();

    private final Clock clock;

    TokenRegistry(Clock clock) {
        this.clock = clock;
    }

    /** A token and what it may do; {@code ttl} zero means it never expires (like a root token). */
    record IssuedToken(String id, String accessor, VaultPolicy policy, Instant issuedAt, Duration ttl) {

        boolean renewable() {
            return !this.ttl.isZero();
        }
    }

    void register(String token, VaultPolicy policy) {
        this.tokens.put(token, new IssuedToken(token, randomId(), policy, this.clock.instant(), Duration.ZERO));
    }

    IssuedToken issue(VaultPolicy policy, Duration ttl) {
        IssuedToken token = new IssuedToken("hvs.testkit" + randomId(), randomId(), policy, this.clock.instant(), ttl);
        this.tokens.put(token.id(), token);
        return token;
    }

    /** The token, or {@code null} when it is unknown or revoked. */
    IssuedToken lookup(String token) {
        return (token != null) ? this.tokens.get(token) : null;
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
