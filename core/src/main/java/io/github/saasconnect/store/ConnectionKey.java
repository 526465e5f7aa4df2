package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The name a store files a connection under: base64url (no padding) of HMAC-SHA256, keyed with a secret of the
 * store's, over the registration, a NUL and the owner, in UTF-8. Always 43 path-safe characters, so nothing a user
 * types can reach another path, and a listing shows no user identifier. Keyed, so that someone who can list the
 * store's names (a directory listing, a Vault {@code LIST}, which Vault does not filter by policy) but not read the
 * secret cannot confirm a guessed owner id by hashing it. {@link ConnectionId} guarantees the owner is well-formed
 * Unicode, so its UTF-8 form is exact and two owners never share a name.
 *
 * <p>{@link #of(ConnectionId)} is the unkeyed SHA-256 name that stores used before; it remains for migrating
 * them. {@link #toString()} never shows the secret.
 */
public final class ConnectionKey {

    /** The shortest secret accepted, in bytes: as long as the HMAC-SHA256 output. */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec secret;

    private ConnectionKey(byte[] secret) {
        this.secret = new SecretKeySpec(secret, HMAC);
    }

    /**
     * Names keyed with {@code secret} (copied; at least {@value #MIN_SECRET_LENGTH} bytes).
     *
     * @throws IllegalArgumentException when the secret is shorter
     */
    public static ConnectionKey keyed(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "the owner digest secret must be at least " + MIN_SECRET_LENGTH + " bytes but is " + secret.length);
        }
        byte[] copy = secret.clone();
        try {
            return new ConnectionKey(copy);
        } finally {
            Arrays.fill(copy, (byte) 0);
        }
    }

    /** The keyed name of {@code id}. */
    public String name(ConnectionId id) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            byte[] digest = mac.doFinal(text(id).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /** The unkeyed name of {@code id} (SHA-256) under which stores filed connections before names were keyed. */
    public static String of(ConnectionId id) {
        return Sha256.base64Url(text(id));
    }

    private static String text(ConnectionId id) {
        // NUL cannot occur in either part, so no two ids share the digested text
        return id.registration() + '\0' + id.owner();
    }

    @Override
    public String toString() {
        return "ConnectionKey[HMAC-SHA256]";
    }
}
