package io.github.saasconnect.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a registration's connections.
 *
 * @param records the records on this page
 * @param nextCursor the cursor for the next page, or {@code null} on the last page
 * @param unreadable the records on this page that the store could not read, reported rather than failing the page
 */
public record ConnectionPage(
        List<VersionedRecord> records, @Nullable String nextCursor, List<UnreadableRecord> unreadable) {

    public ConnectionPage {
        records = List.copyOf(records);
        unreadable = List.copyOf(unreadable);
    }

    /** A page on which every record could be read. */
    public ConnectionPage(List<VersionedRecord> records, @Nullable String nextCursor) {
        this(records, nextCursor, List.of());
    }

    /** Whether another page follows. */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
