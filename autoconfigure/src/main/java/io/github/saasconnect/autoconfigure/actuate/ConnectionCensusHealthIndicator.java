package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.connection.ConnectionCensus;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.observation.HealthSignals;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Connections by status per registration, as the latest sweep counted them. Always UP: a user who must connect
 * again is that user's problem, not the application's.
 */
final class ConnectionCensusHealthIndicator implements HealthIndicator {

    private final HealthSignals signals;

    ConnectionCensusHealthIndicator(HealthSignals signals) {
        this.signals = signals;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        signals.latestCensuses().forEach((registration, census) -> details.put(registration, describe(census)));
        return Health.up().withDetails(details).build();
    }

    private static Map<String, Object> describe(ConnectionCensus census) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("countedAt", census.takenAt().toString());
        for (ConnectionStatus status : ConnectionStatus.values()) {
            counts.put(status.name(), census.count(status));
        }
        return counts;
    }
}
