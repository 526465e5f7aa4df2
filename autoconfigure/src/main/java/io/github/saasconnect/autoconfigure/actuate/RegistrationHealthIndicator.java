package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.observation.HealthSignals;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.resilience.RefreshResilience;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * One registration: DOWN while the provider rejects its client ({@code invalid_client} and the like: only a
 * configuration change fixes it), else UP. The states of its circuit breakers (token endpoint, API) are shown but do
 * not change the status: an open breaker means the provider is failing, and taking this application out of service
 * would not help it.
 */
final class RegistrationHealthIndicator implements HealthIndicator {

    /** The failure kind of every rejection: only a configuration change fixes it. */
    private static final String CLIENT_MISCONFIGURED =
            FailureKind.CLIENT_MISCONFIGURED.name().toLowerCase(Locale.ROOT);

    private final ProviderRegistration registration;
    private final RefreshResilience resilience;
    private final HealthSignals signals;

    RegistrationHealthIndicator(
            ProviderRegistration registration, RefreshResilience resilience, HealthSignals signals) {
        this.registration = registration;
        this.resilience = resilience;
        this.signals = signals;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("type", registration.descriptor().type());
        details.put(
                "circuitBreaker",
                resilience.breaker(registration.id()).getState().name());
        details.put(
                "apiCircuitBreaker",
                resilience.apiBreaker(registration.id()).getState().name());
        var rejection = signals.rejection(registration.id());
        if (rejection.isEmpty()) {
            return Health.up().withDetails(details).build();
        }
        details.put("kind", CLIENT_MISCONFIGURED);
        details.put("error", rejection.get().errorCode());
        details.put("since", rejection.get().since().toString());
        details.put(
                "action",
                "the provider rejected the client of registration '" + registration.id()
                        + "': check saas-connect.providers." + registration.id() + ".client-id, client-secret and the "
                        + "redirect URI registered at the provider");
        return Health.down().withDetails(details).build();
    }
}
