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
 * <p>A named account's connection ({@link ConnectionId#account()} set) is filed under its owner's name, a
 * {@value #ACCOUNT_SEPARATOR} and a second digest over the registration, the owner and the account (each NUL
 * separated): 87 characters. Stores that use the name as a path thereby keep an owner's accounts together below the
 * owner's default connection, where one listing finds them all ({@code TokenStore#accounts}); a default connection's
 * name is exactly the name connections had before accounts existed, so no store has to rename anything.
 *
 * <p>{@link #of(ConnectionId)} is the unkeyed SHA-256 name that stores used before; it remains for migrating
 * them. {@link #toString()} never shows the secret.
 */
public final class ConnectionKey {

    /** The shortest secret accepted, in bytes: as long as the HMAC-SHA256 output. */
    public static final int MIN_SECRET_LENGTH = 32;

    /** Separates the owner's name from the account's in a named account's name. */
    public static final char ACCOUNT_SEPARATOR = '/';

    /** The length of a default connection's name, and of each half of a named account's. */
    public static final int NAME_LENGTH = 43;

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

    /**
     * The keyed name of {@code id}: {@link #ownerName} for a default connection, else the owner's name, a
     * {@value #ACCOUNT_SEPARATOR} and the account's digest.
     */
    public String name(ConnectionId id) {
        String owner = ownerName(id);
        return id.account() == null ? owner : owner + ACCOUNT_SEPARATOR + hmac(accountText(id));
    }

    /** The keyed name of {@code id}'s owner: the name of the owner's default connection, whatever the account. */
    public String ownerName(ConnectionId id) {
        return hmac(ownerText(id));
    }

    /** Whether {@code name} is a named account's name ({@link #name} of an id with an account). */
    public static boolean isAccountName(String name) {
        return name.length() == 2 * NAME_LENGTH + 1 && name.charAt(NAME_LENGTH) == ACCOUNT_SEPARATOR;
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }

    /**
     * The unkeyed name of {@code id} (SHA-256) under which stores filed connections before names were keyed; named
     * accounts, which came later, have the same two-part form.
     */
    public static String of(ConnectionId id) {
        String owner = Sha256.base64Url(ownerText(id));
        return id.account() == null ? owner : owner + ACCOUNT_SEPARATOR + Sha256.base64Url(accountText(id));
    }

    private static String ownerText(ConnectionId id) {
        // a registration has no NUL, so no two (registration, owner) pairs share the digested text
        return id.registration() + '\0' + id.owner();
    }

    private static String accountText(ConnectionId id) {
        // the account has no NUL (ConnectionId refuses control characters); the owner's name is the prefix, so two
        // owners never share a full name even where their texts here coincide
        return ownerText(id) + '\0' + id.account();
    }

    @Override
    public String toString() {
        return "ConnectionKey[HMAC-SHA256]";
    }
}
