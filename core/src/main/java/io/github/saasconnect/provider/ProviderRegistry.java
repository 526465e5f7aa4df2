package io.github.saasconnect.provider;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registrations of this application, by id. */
public final class ProviderRegistry {

    private final Map<String, ProviderRegistration> registrations;

    public ProviderRegistry(Collection<ProviderRegistration> registrations) {
        Map<String, ProviderRegistration> byId = new LinkedHashMap<>();
        for (ProviderRegistration r : registrations) {
            if (byId.putIfAbsent(r.id(), r) != null) {
                throw new IllegalArgumentException("registration id '" + r.id() + "' is defined twice");
            }
        }
        this.registrations = java.util.Collections.unmodifiableMap(byId);
    }

    /**
     * The registration named {@code id}.
     *
     * @throws IllegalArgumentException naming the known registrations when there is none by that id
     */
    public ProviderRegistration get(String id) {
        ProviderRegistration r = registrations.get(id);
        if (r == null) {
            throw new IllegalArgumentException("no registration '" + id + "'; configured: " + registrations.keySet()
                    + " (see saas-connect.providers.*)");
        }
        return r;
    }

    /** All registrations. */
    public Collection<ProviderRegistration> all() {
        return registrations.values();
    }
}
