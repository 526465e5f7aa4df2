package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.internal.Sha256;

/**
 * The name a store files a connection under: base64url (no padding) of SHA-256 over the registration, a NUL and
 * the owner, in UTF-8. Always 43 path-safe characters, so nothing a user types can reach another path, and a
 * listing shows no user identifier. {@link ConnectionId} guarantees the owner is well-formed Unicode, so its UTF-8
 * form is exact and two owners never share a key.
 */
public final class ConnectionKey {

    private ConnectionKey() {}

    /** The key of {@code id}. */
    public static String of(ConnectionId id) {
        // NUL cannot occur in either part, so no two ids share the digested text
        return Sha256.base64Url(id.registration() + '\0' + id.owner());
    }
}
