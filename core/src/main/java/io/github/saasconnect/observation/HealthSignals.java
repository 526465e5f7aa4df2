package io.github.saasconnect.observation;

import io.github.saasconnect.connection.ConnectionCensus;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a health check needs to remember from the observations: the registrations whose client the provider
 * rejected ({@link TokenRequestContext}), and the latest connection census of each registration
 * ({@link KeepAliveSweepContext}). Register it on the {@link io.micrometer.observation.ObservationRegistry} (Spring
 * Boot registers every {@link ObservationHandler} bean).
 *
 * <p>A rejection stays until a token request of that registration succeeds again (a refresh or a code exchange):
 * fixing the client at the provider, or rotating its secret in the configuration and restarting, clears it.
 */
public final class HealthSignals implements ObservationHandler<Observation.Context> {

    private final Clock clock;
    private final ConcurrentHashMap<String, ClientRejection> rejections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConnectionCensus> censuses = new ConcurrentHashMap<>();

    public HealthSignals(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The provider rejected a registration's client.
     *
     * @param errorCode the provider's error code ({@code other} when it was not a plain code)
     * @param since when it happened last
     */
    public record ClientRejection(String errorCode, Instant since) {}

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof TokenRequestContext || context instanceof KeepAliveSweepContext;
    }

    @Override
    public void onStop(Observation.Context context) {
        if (context instanceof TokenRequestContext request) {
            ended(request);
        } else if (context instanceof KeepAliveSweepContext sweep && sweep.census() != null) {
            ConnectionCensus census = sweep.census();
            censuses.merge(
                    census.registration(),
                    census,
                    (old, latest) -> latest.takenAt().isBefore(old.takenAt()) ? old : latest);
        }
    }

    /** Why the provider last rejected the client of {@code registration}, if it did and nothing succeeded since. */
    public Optional<ClientRejection> rejection(String registration) {
        return Optional.ofNullable(rejections.get(registration));
    }

    /** The rejected registrations, by id. */
    public Map<String, ClientRejection> rejections() {
        return Collections.unmodifiableMap(new TreeMap<>(rejections));
    }

    /** The latest census of {@code registration}, if a sweep reported one. */
    public Optional<ConnectionCensus> latestCensus(String registration) {
        return Optional.ofNullable(censuses.get(registration));
    }

    /** The latest census of every registration a sweep reported on, by registration id in order. */
    public Map<String, ConnectionCensus> latestCensuses() {
        return Collections.unmodifiableMap(new TreeMap<>(censuses));
    }

    private void ended(TokenRequestContext request) {
        String rejection = request.clientRejection();
        if (rejection != null) {
            rejections.put(request.registration(), new ClientRejection(rejection, clock.instant()));
        } else if (request.outcome() == TokenRequestOutcome.SUCCESS) {
            rejections.remove(request.registration());
        }
    }

    @Override
    public String toString() {
        return "HealthSignals[rejected=" + rejections.keySet() + "]";
    }
}
