package io.github.saasconnect.observation;

import io.micrometer.observation.Observation;
import java.util.Objects;

/**
 * A context about one registration: its id and its provider type, the keys every observation of a registration
 * carries. Never a connection, an owner or a token.
 */
public abstract class RegistrationContext extends Observation.Context {

    private final String registration;
    private final String provider;

    protected RegistrationContext(String registration, String provider) {
        this.registration = Objects.requireNonNull(registration, "registration");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** The registration id. */
    public String registration() {
        return registration;
    }

    /** The registration's provider type ({@code github}, {@code oauth2} ...). */
    public String provider() {
        return provider;
    }
}
