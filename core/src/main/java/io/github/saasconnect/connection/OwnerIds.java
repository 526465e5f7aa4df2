package io.github.saasconnect.connection;

import io.github.saasconnect.connection.internal.NonBlockingRandom;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * How SaaS Connect's INFO and WARN log lines name a connection. Owner ids are the application's ids of its users,
 * personal data, so by default a line shows the registration and a short keyed digest of the owner
 * ({@code google:~3f9a1c2b7d4e}): the same owner always gets the same digest under one key, so an operator can follow
 * a connection through the log, and can find the digest of a known owner with {@link #digest(String)}, but the log
 * does not give the owner away. A further provider account's connection ({@link ConnectionId#account()}) adds the
 * digest of its account id the same way ({@code github:~3f9a1c2b7d4e#~8c01d2e3f4a5}): account ids are the user's
 * personal data too. The key is random per process unless the application sets one (then digests match
 * across instances and restarts). {@link Mode#PLAIN} logs the owner ids as they are.
 *
 * <p>Set once at startup ({@code saas-connect.logging.owner-ids} and {@code saas-connect.logging.owner-digest-key} in
 * the starter); it is process-wide, as the loggers are.
 */
public final class OwnerIds {

    /** How owners appear in log lines. */
    public enum Mode {
        /** A 12-hex-digit keyed digest (HMAC-SHA256) of the owner, after {@code ~}. */
        DIGEST,
        /** The owner id as it is. */
        PLAIN
    }

    private static final int DIGEST_BYTES = 6;

    private static volatile Mode mode = Mode.DIGEST;
    private static volatile SecretKeySpec key = randomKey();

    private OwnerIds() {}

    /**
     * Sets how owners are logged from now on.
     *
     * @param digestKey the digest key (any text, at least 16 characters), or {@code null} for a random one per
     *     process
     */
    public static void configure(Mode newMode, @Nullable String digestKey) {
        Objects.requireNonNull(newMode, "mode");
        if (digestKey != null && digestKey.length() < 16) {
            throw new IllegalArgumentException(
                    "saas-connect.logging.owner-digest-key must be at least 16 characters (or unset: a random key)");
        }
        key = digestKey == null
                ? randomKey()
                : new SecretKeySpec(digestKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        mode = newMode;
    }

    /** The mode in force. */
    public static Mode mode() {
        return mode;
    }

    /** {@code id} as log lines show it: rendered when the line is written. */
    public static Object of(ConnectionId id) {
        Objects.requireNonNull(id, "id");
        return new Object() {
            @Override
            public String toString() {
                if (mode == Mode.PLAIN) {
                    return id.toString();
                }
                String owner = id.registration() + ":~" + digest(id.owner());
                return id.account() == null ? owner : owner + "#~" + digest(id.account());
            }
        };
    }

    /**
     * The digest log lines show for {@code owner} (or a provider account id) under the current key, to look it up in
     * the log.
     */
    public static String digest(String owner) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(owner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(full, 0, DIGEST_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    private static SecretKeySpec randomKey() {
        byte[] bytes = new byte[32];
        NonBlockingRandom.create().nextBytes(bytes);
        return new SecretKeySpec(bytes, "HmacSHA256");
    }
}
