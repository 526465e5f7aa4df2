package io.github.saasconnect.store.vault;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.ConnectionRecordCodec;
import io.github.saasconnect.store.VersionedRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.vault.support.Versioned;

/** Connection records as the data of their KV v2 secrets (the codec's fields and a write id), and back. */
final class ConnectionSecrets {

    private final VaultStoreLayout layout;
    private final ConnectionRecordCodec codec = new ConnectionRecordCodec();

    ConnectionSecrets(VaultStoreLayout layout) {
        this.layout = layout;
    }

    /** The secret data that stores {@code record}; the write adds its write id. */
    Map<String, Object> toData(ConnectionRecord record) {
        return codec.toMap(record);
    }

    /**
     * The record in the secret at {@code path}, or {@code null} when the key is absent or its latest version
     * deleted.
     *
     * @param expected the connection the secret must hold, or {@code null} (listing) for whichever it holds
     * @throws UnreadableVaultRecordException when the secret holds no record (of {@code expected})
     */
    VersionedRecord toRecord(ConnectionId expected, String path, Versioned<Map<String, Object>> v) {
        if (v == null || !v.hasData()) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>(v.getRequiredData());
        data.remove(WriteId.FIELD);
        ConnectionRecord record;
        try {
            record = codec.fromMap(data);
        } catch (RuntimeException e) {
            ConnectionId who = expected != null ? expected : unknownOwner(path);
            throw new UnreadableVaultRecordException(
                    who,
                    layout.mount() + "/data/" + path,
                    e instanceof IllegalArgumentException
                            ? e.getMessage()
                            : e.getClass().getSimpleName());
        }
        if (expected != null && !record.id().equals(expected)) {
            throw new UnreadableVaultRecordException(
                    expected, layout.mount() + "/data/" + path, "it holds the record of a different connection");
        }
        return new VersionedRecord(record, v.getVersion().getVersion());
    }

    private ConnectionId unknownOwner(String path) {
        String registration = path.substring(layout.prefix().length() + 1, path.lastIndexOf('/'));
        return new ConnectionId(registration, "(unknown owner of " + path.substring(path.lastIndexOf('/') + 1) + ")");
    }
}
