package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionId;
import java.util.Objects;

/**
 * A record a listing found but could not read (see {@link UnreadableRecordException}); listings report it instead
 * of failing the page, so one broken record never hides the others.
 *
 * @param registration the registration it is filed under
 * @param key the name the store files it under (a digest: the owner is inside the unreadable record)
 * @param reason why it cannot be read, never quoting its content
 */
public record UnreadableRecord(String registration, String key, String reason) {

    public UnreadableRecord {
        ConnectionId.requireValidRegistration(registration);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(reason, "reason");
    }
}
