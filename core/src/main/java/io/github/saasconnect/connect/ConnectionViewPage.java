package io.github.saasconnect.connect;

import io.github.saasconnect.store.UnreadableRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a registration's connections, token-free.
 *
 * @param connections the readable connections on this page
 * @param nextCursor the cursor of the next page, or {@code null} on the last
 * @param unreadable the records on this page the store could not read (by store key: their owner is unknown)
 */
public record ConnectionViewPage(
        List<ConnectionView> connections, @Nullable String nextCursor, List<UnreadableRecord> unreadable) {

    public ConnectionViewPage {
        connections = List.copyOf(connections);
        unreadable = List.copyOf(unreadable);
    }
}
