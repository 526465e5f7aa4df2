package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.store.ConnectionKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * The store's {@code owner-digest-key} and the names it gives connections: core's {@link ConnectionKey} keyed with it,
 * so the JDBC store names rows exactly as the other stores name entries. A default connection's name is base64url
 * (no padding) of HMAC-SHA-256 over the registration, a NUL and the owner in UTF-8 (43 characters, the name every
 * row had before named accounts); a named account's is that, a {@code /} and a second digest that adds the account
 * (87 characters). Without the key, reading the table cannot confirm a guessed owner id (a bare SHA-256 could be
 * checked against a list of e-mail addresses). {@link #toString()} never shows the key.
 */
public final class OwnerDigest {

    /** The least key length in bytes. */
    public static final int MIN_KEY_LENGTH = ConnectionKey.MIN_SECRET_LENGTH;

    private final ConnectionKey key;

    private OwnerDigest(byte[] key) {
        if (key.length < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the owner digest key must be at least " + MIN_KEY_LENGTH
                    + " bytes (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) but is " + key.length);
        }
        this.key = ConnectionKey.keyed(key);
    }

    /** A digest keyed with {@code key} (copied; at least 32 bytes). */
    public static OwnerDigest of(byte[] key) {
        return new OwnerDigest(key);
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

    /**
     * The name {@code id} is stored under (column {@code owner_digest}): {@link ConnectionKey#name}, 43 characters of
     * {@code A-Z a-z 0-9 - _} for a default connection, owner name, {@code /} and account digest for a named account.
     */
    public String of(ConnectionId id) {
        return key.name(id);
    }

    /** The name of {@code id}'s owner, whatever the account: the name of the owner's default connection. */
    public String ownerName(ConnectionId id) {
        return key.ownerName(id);
    }

    @Override
    public String toString() {
        return "OwnerDigest[HmacSHA256]";
    }
}
