package io.github.saasconnect.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a registration's connections.
 *
 * @param records the records on this page
 * @param nextCursor the cursor for the next page, or {@code null} on the last page
 */
public record ConnectionPage(
        List<VersionedRecord> records, @Nullable String nextCursor) {

    public ConnectionPage {
        records = List.copyOf(records);
    }

    /** Whether another page follows. */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
