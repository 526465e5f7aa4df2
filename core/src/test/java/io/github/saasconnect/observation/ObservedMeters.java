package io.github.saasconnect.observation;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Meters made the way a Spring Boot application makes them: Micrometer's meter handler for the timers and the
 * {@link SaasConnectMeterHandler} for the rest, on one observation registry.
 */
final class ObservedMeters implements AutoCloseable {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ObservationRegistry observations = ObservationRegistry.create();

    ObservedMeters() {
        observations
                .observationConfig()
                .observationHandler(new DefaultMeterObservationHandler(meters))
                .observationHandler(new SaasConnectMeterHandler(meters));
    }

    /** Every tag value and meter name registered so far. */
    List<String> namesAndTagValues() {
        List<String> all = new ArrayList<>();
        for (Meter meter : meters.getMeters()) {
            all.add(meter.getId().getName());
            meter.getId().getTags().stream().map(Tag::getValue).forEach(all::add);
        }
        return all;
    }

    @Override
    public void close() {
        meters.close();
    }
}
