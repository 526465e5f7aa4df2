package io.github.saasconnect.store;

import io.github.saasconnect.connection.ConnectionRecord;
import java.util.Objects;

/**
 * A stored record and the version a compare-and-set write must name to replace it.
 *
 * @param record the record
 * @param version its version, at least 1
 */
public record VersionedRecord(ConnectionRecord record, long version) {

    public VersionedRecord {
        Objects.requireNonNull(record, "record");
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but was " + version);
        }
    }
}
