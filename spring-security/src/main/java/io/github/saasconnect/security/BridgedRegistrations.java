package io.github.saasconnect.security;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which Spring Security client registrations run on SaaS Connect: those named by
 * {@code saas-connect.providers.<id>.from-spring-security}, each mapped to the SaaS Connect registration that names
 * it. Every other Spring Security registration is left to Spring Security.
 */
public final class BridgedRegistrations {

    private final Map<String, String> oursBySpringId;

    private BridgedRegistrations(Map<String, String> oursBySpringId) {
        this.oursBySpringId = Map.copyOf(oursBySpringId);
    }

    /**
     * The mapping configured in {@code providers}.
     *
     * @throws InvalidSaasConnectConfigurationException when two registrations name the same Spring Security one
     */
    public static BridgedRegistrations of(Map<String, SaasConnectProperties.Provider> providers) {
        Map<String, String> bySpringId = new LinkedHashMap<>();
        providers.forEach((id, p) -> {
            String springId = p.getFromSpringSecurity();
            if (springId == null || springId.isBlank()) {
                return;
            }
            String other = bySpringId.putIfAbsent(springId, id);
            if (other != null) {
                throw new InvalidSaasConnectConfigurationException(
                        "saas-connect.providers." + id + ".from-spring-security",
                        "registration '" + other + "' already takes Spring Security's registration '" + springId + "'",
                        "Let one SaaS Connect registration take each Spring Security registration");
            }
        });
        return new BridgedRegistrations(bySpringId);
    }

    /** Maps Spring Security registration ids to SaaS Connect ones, as given. */
    public static BridgedRegistrations of(String springId, String ours, String... more) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(springId, ours);
        for (int i = 0; i + 1 < more.length; i += 2) {
            map.put(more[i], more[i + 1]);
        }
        return new BridgedRegistrations(map);
    }

    /** Whether SaaS Connect serves the Spring Security registration {@code springId}. */
    public boolean bridges(String springId) {
        return oursBySpringId.containsKey(springId);
    }

    /** The SaaS Connect registration serving {@code springId}, or {@code null} when it is Spring Security's own. */
    public @Nullable String ours(String springId) {
        return oursBySpringId.get(springId);
    }

    @Override
    public String toString() {
        return "BridgedRegistrations" + oursBySpringId;
    }
}
