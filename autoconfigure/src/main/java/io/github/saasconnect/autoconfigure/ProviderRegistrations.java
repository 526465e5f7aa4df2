package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RegistrationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Builds the {@link ProviderRegistry} from {@code saas-connect.providers.*}, checking every entry and failing
 * with a message that names the property and the fix.
 */
final class ProviderRegistrations {

    private final Map<String, ProviderType> types;

    ProviderRegistrations(List<ProviderType> beans, ClassLoader classLoader) {
        Map<String, ProviderType> byName = new TreeMap<>();
        ServiceLoader.load(ProviderType.class, classLoader).forEach(t -> byName.put(t.name(), t));
        beans.forEach(t -> byName.put(t.name(), t));
        this.types = byName;
    }

    ProviderRegistry build(Map<String, SaasConnectProperties.Provider> providers) {
        List<ProviderRegistration> registrations = new ArrayList<>();
        providers.forEach((id, p) -> registrations.add(register(id, p)));
        return new ProviderRegistry(registrations);
    }

    private ProviderRegistration register(String id, SaasConnectProperties.Provider p) {
        String prefix = "saas-connect.providers." + id;
        try {
            ConnectionId.requireValidRegistration(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(prefix, e.getMessage(),
                    "Rename the registration: use 1-40 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        if (p.getType() == null || p.getType().isBlank()) {
            throw new InvalidSaasConnectConfigurationException(prefix + ".type", "no provider type is set",
                    "Set it to one of " + types.keySet());
        }
        ProviderType type = types.get(p.getType());
        if (type == null) {
            throw new InvalidSaasConnectConfigurationException(prefix + ".type", "unknown provider type '"
                    + p.getType() + "'", "Use one of " + types.keySet());
        }
        if (p.getClientId() == null || p.getClientId().isBlank()) {
            throw new InvalidSaasConnectConfigurationException(prefix + ".client-id", "no client id is set",
                    "Set it to the client id the provider issued for this app (for example from an environment variable)");
        }
        try {
            return type.register(settings(id, p));
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(prefix, e.getMessage(),
                    "See the per-provider setup notes in the README");
        }
    }

    private static RegistrationSettings settings(String id, SaasConnectProperties.Provider p) {
        Map<String, String> options = new LinkedHashMap<>(p.getOptions());
        put(options, "tenant", p.getTenant());
        put(options, "cloud", p.getCloud());
        put(options, "app-type", p.getAppType());
        put(options, "web-base-url", p.getWebBaseUrl());
        put(options, "api-base-url", p.getApiBaseUrl());
        put(options, "environment", p.getEnvironment());
        put(options, "account-id", p.getAccountId());
        put(options, "extended-scope", p.getExtendedScope());
        put(options, "publishing-status", p.getPublishingStatus());
        put(options, "rotation", p.getRotation());
        return new RegistrationSettings(id, p.getType(), p.getClientId(), Secret.ofNullable(p.getClientSecret()),
                p.getScopes(), p.getRedirectUri(), p.getAuthorizationUri(), p.getTokenUri(), p.getRevocationUri(),
                p.getApiBaseUri(), p.getClientAuthentication(), p.getPkce(), p.getAuthorizationParameters(),
                p.getRefreshSkew(), options);
    }

    private static void put(Map<String, String> options, String key, Object value) {
        if (value != null) {
            options.put(key, value.toString());
        }
    }
}
