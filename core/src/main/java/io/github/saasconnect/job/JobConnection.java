package io.github.saasconnect.job;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A connection as a job's work sees it: who, what was granted, and the provider facts found at connect time
 * (DocuSign {@code account_id}, Microsoft {@code tid} ...). No tokens.
 *
 * @param id the connection
 * @param scopes the granted scopes
 * @param attributes provider attributes
 * @param connectedAt when the user connected
 */
public record JobConnection(ConnectionId id, Set<String> scopes, Map<String, String> attributes, Instant connectedAt) {

    public JobConnection {
        scopes = Set.copyOf(scopes);
        attributes = Map.copyOf(attributes);
    }

    static JobConnection of(ConnectionRecord record) {
        return new JobConnection(record.id(), record.scopes(), record.attributes(), record.connectedAt());
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
