package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The name a store files a connection under: base64url (no padding) of SHA-256 over the registration, a NUL and
 * the owner, in UTF-8. Always 43 path-safe characters, so nothing a user types can reach another path, and a
 * listing shows no user identifier. {@link ConnectionId} guarantees the owner is well-formed Unicode, so its UTF-8
 * form is exact and two owners never share a key.
 */
public final class ConnectionKey {

    private ConnectionKey() {
    }

    /** The key of {@code id}. */
    public static String of(ConnectionId id) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(id.registration().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(id.owner().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
