package io.github.saasconnect.job;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A connection as a job's work sees it: who, what was granted, and the provider facts found at connect time
 * (DocuSign {@code account_id}, Microsoft {@code tid} ...). No tokens.
 *
 * @param id the connection
 * @param scopes the granted scopes
 * @param attributes provider attributes
 * @param connectedAt when the user connected; {@code null} for an app connection, which nobody connected
 */
public record JobConnection(
        ConnectionId id,
        Set<String> scopes,
        Map<String, String> attributes,
        @Nullable Instant connectedAt) {

    public JobConnection {
        scopes = Set.copyOf(scopes);
        attributes = Map.copyOf(attributes);
    }

    static JobConnection of(ConnectionRecord record) {
        return new JobConnection(record.id(), record.scopes(), record.attributes(), record.connectedAt());
    }

    static JobConnection app(ConnectionId id) {
        return new JobConnection(id, Set.of(), Map.of(), null);
    }

    /** The owner: the application's id for the user or tenant. */
    public String owner() {
        return id.owner();
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
