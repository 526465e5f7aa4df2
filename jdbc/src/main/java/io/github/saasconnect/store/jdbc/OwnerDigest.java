package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The name a connection is stored under: base64url (no padding) of HMAC-SHA-256, keyed with the store's secret,
 * over the registration, a NUL and the owner in UTF-8. Without the key, reading the table cannot confirm a guessed
 * owner id (a bare SHA-256 could be checked against a list of e-mail addresses). {@link #toString()} never shows
 * the key.
 */
public final class OwnerDigest {

    /** The least key length in bytes. */
    public static final int MIN_KEY_LENGTH = 32;

    private final SecretKeySpec key;

    private OwnerDigest(byte[] key) {
        if (key.length < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the owner digest key must be at least " + MIN_KEY_LENGTH
                    + " bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) but is " + key.length);
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A digest keyed with {@code key} (copied; at least 32 bytes). */
    public static OwnerDigest of(byte[] key) {
        return new OwnerDigest(key.clone());
    }

    /**
     * A digest keyed with the base64 {@code key} (standard or URL-safe alphabet).
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the value
     */
    public static OwnerDigest fromBase64(String key) {
        byte[] bytes;
        try {
            String value = key.strip();
            bytes = value.contains("-") || value.contains("_")
                    ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the owner digest key is not valid base64");
        }
        try {
            return new OwnerDigest(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The stored name of {@code id}'s owner: 43 characters of {@code A-Z a-z 0-9 - _}. */
    public String of(ConnectionId id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // NUL cannot occur in either part, so no two ids share the digested text
            byte[] digest = mac.doFinal((id.registration() + '\0' + id.owner()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "OwnerDigest[HmacSHA256]";
    }
}
