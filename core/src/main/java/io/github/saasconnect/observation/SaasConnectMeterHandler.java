package io.github.saasconnect.observation;

import io.github.saasconnect.connection.ConnectionCensus;
import io.github.saasconnect.connection.ConnectionStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters that are not timers of an observation, made from what the observations carry: a counter of the clients
 * a provider rejected ({@value #REJECTIONS}) and gauges of the latest connection census ({@value #CONNECTIONS}).
 * Micrometer's {@code DefaultMeterObservationHandler} makes the timers; register both on the
 * {@link io.micrometer.observation.ObservationRegistry} (Spring Boot registers every handler bean). Needs
 * {@code micrometer-core}.
 */
public final class SaasConnectMeterHandler implements ObservationHandler<Observation.Context> {

    /** Token requests in which the provider rejected the client itself; tags registration, error. */
    public static final String REJECTIONS = "saasconnect.registration.rejections";
    /** Connections by status as the latest sweep counted them; tags registration, status. */
    public static final String CONNECTIONS = "saasconnect.connections";

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, ConnectionCensus> censuses = new ConcurrentHashMap<>();

    public SaasConnectMeterHandler(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof TokenRequestContext || context instanceof KeepAliveSweepContext;
    }

    @Override
    public void onStop(Observation.Context context) {
        if (context instanceof TokenRequestContext request) {
            String rejection = request.clientRejection();
            if (rejection != null) {
                Counter.builder(REJECTIONS)
                        .description("Token requests in which the provider rejected the client itself")
                        .tags("registration", request.registration(), "error", rejection)
                        .register(registry)
                        .increment();
            }
        } else if (context instanceof KeepAliveSweepContext sweep && sweep.census() != null) {
            census(sweep.census());
        }
    }

    private void census(ConnectionCensus census) {
        String registration = census.registration();
        ConnectionCensus previous = censuses.put(registration, census);
        if (previous != null) {
            return;
        }
        for (ConnectionStatus status : ConnectionStatus.values()) {
            Gauge.builder(
                            CONNECTIONS,
                            censuses,
                            latest -> latest.get(registration).count(status))
                    .description("Connections by status, as the latest sweep counted them")
                    .tags("registration", registration, "status", status.name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
        }
    }

    @Override
    public String toString() {
        return "SaasConnectMeterHandler[" + registry.getClass().getSimpleName() + "]";
    }
}
