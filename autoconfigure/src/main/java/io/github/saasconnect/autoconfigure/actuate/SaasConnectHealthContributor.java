package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.observation.HealthSignals;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code saasConnect} health: the token {@code store}, the {@code registrations} (one component each) and, once a
 * sweep has counted them, the {@code connections} by status. The overall status is DOWN when the store cannot be used
 * or a registration's client is rejected.
 */
public final class SaasConnectHealthContributor implements CompositeHealthContributor {

    private final HealthIndicator store;
    private final CompositeHealthContributor registrations;
    private final HealthIndicator connections;
    private final HealthSignals signals;

    SaasConnectHealthContributor(
            HealthIndicator store, ProviderRegistry registry, RefreshResilience resilience, HealthSignals signals) {
        this.store = store;
        Map<String, HealthContributor> byId = new LinkedHashMap<>();
        for (ProviderRegistration r : registry.all()) {
            byId.put(r.id(), new RegistrationHealthIndicator(r, resilience, signals));
        }
        this.registrations = CompositeHealthContributor.fromMap(byId);
        this.connections = new ConnectionCensusHealthIndicator(signals);
        this.signals = signals;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return switch (name) {
            case "store" -> store;
            case "registrations" -> registrations;
            case "connections" -> signals.latestCensuses().isEmpty() ? null : connections;
            default -> null;
        };
    }

    @Override
    public Stream<Entry> stream() {
        Stream<Entry> always = Stream.of(new Entry("store", store), new Entry("registrations", registrations));
        return signals.latestCensuses().isEmpty()
                ? always
                : Stream.concat(always, Stream.of(new Entry("connections", connections)));
    }
}
