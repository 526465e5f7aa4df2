package io.github.saasconnect.sample;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** What the last sync fetched for each connection (kept in memory, shown on the page). */
@Component
public class SyncResults {

    private final Map<ConnectionId, Result> results = new ConcurrentHashMap<>();
    private volatile Instant lastRun;

    void record(ConnectionId id, Result result) {
        results.put(id, result);
    }

    void forget(ConnectionId id) {
        results.remove(id);
    }

    void finishedRun(Instant at) {
        lastRun = at;
    }

    /** The last result for {@code id}, or {@code null}. */
    public Result of(ConnectionId id) {
        return results.get(id);
    }

    /** When the job last finished, or {@code null}. */
    public Instant lastRun() {
        return lastRun;
    }

    /**
     * @param at when it was fetched
     * @param summary what was fetched, such as "25 repositories"
     * @param error why it failed, or {@code null}
     */
    public record Result(Instant at, String summary, String error) {}
}
