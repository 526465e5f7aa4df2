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
import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * Builds the {@link ProviderRegistry} from {@code saas-connect.providers.*}, checking every entry and failing
 * with a message that names the property and the fix.
 */
final class ProviderRegistrations {

    private final Map<String, ProviderType> types;
    private final RegistrationKeys keys;

    ProviderRegistrations(List<ProviderType> beans, ClassLoader classLoader) {
        Map<String, ProviderType> byName = new TreeMap<>();
        ServiceLoader.load(ProviderType.class, classLoader).forEach(t -> byName.put(t.name(), t));
        beans.forEach(t -> byName.put(t.name(), t));
        this.types = byName;
        this.keys = new RegistrationKeys(byName, optionShortcuts(new SaasConnectProperties.Provider()).keySet());
    }

    /**
     * The registry of {@code providers}.
     *
     * @param unread the settings under {@code saas-connect.providers} that binding did not read, by registration id
     *     ({@link RegistrationKeys#unread}); any of them fails startup
     */
    ProviderRegistry build(Map<String, SaasConnectProperties.Provider> providers,
            Map<String, List<ConfigurationProperty>> unread) {
        Map<String, SaasConnectProperties.Provider> all = new LinkedHashMap<>(providers);
        unread.keySet().forEach(id -> all.putIfAbsent(id, new SaasConnectProperties.Provider()));
        List<ProviderRegistration> registrations = new ArrayList<>();
        all.forEach((id, p) -> registrations.add(register(id, p, unread.getOrDefault(id, List.of()))));
        return new ProviderRegistry(registrations);
    }

    private ProviderRegistration register(String id, SaasConnectProperties.Provider p,
            List<ConfigurationProperty> unread) {
        String prefix = RegistrationKeys.PREFIX + "." + id;
        try {
            ConnectionId.requireValidRegistration(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(prefix, e.getMessage(),
                    "Rename the registration: use 1-40 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        // before the type's own checks: a misplaced option would otherwise surface as the setting it was meant
        // to replace (DocuSign's oauth-base-url as a missing environment)
        keys.requireNoneUnread(id, p.getType() == null ? null : types.get(p.getType()), unread);
        if (p.getType() == null || p.getType().isBlank()) {
            throw new InvalidSaasConnectConfigurationException(prefix + ".type", "no provider type is set",
                    "Set it to one of " + types.keySet());
        }
        ProviderType type = types.get(p.getType());
        if (type == null) {
            throw new InvalidSaasConnectConfigurationException(prefix + ".type", "unknown provider type '"
                    + p.getType() + "'", ClosestName.to(p.getType(), types.keySet()).map(near -> "Did you mean '"
                            + near + "'? ").orElse("") + "Use one of " + types.keySet());
        }
        keys.requireKnownOptions(id, type, p.getOptions(), optionShortcuts(p));
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
        optionShortcuts(p).forEach((name, value) -> {
            if (value != null) {
                options.put(name, value.toString());
            }
        });
        return new RegistrationSettings(id, p.getType(), p.getClientId(), Secret.ofNullable(p.getClientSecret()),
                p.getScopes(), p.getRedirectUri(), p.getAuthorizationUri(), p.getTokenUri(), p.getRevocationUri(),
                p.getApiBaseUri(), p.getClientAuthentication(), p.getPkce(), p.getAuthorizationParameters(),
                p.getRefreshSkew(), options);
    }

    /**
     * The provider options that also have a property of their own beside the common settings, by option name, with
     * their values ({@code null} when unset). Each provider type says which of them it takes.
     */
    private static Map<String, Object> optionShortcuts(SaasConnectProperties.Provider p) {
        Map<String, Object> shortcuts = new LinkedHashMap<>();
        shortcuts.put("tenant", p.getTenant());
        shortcuts.put("cloud", p.getCloud());
        shortcuts.put("app-type", p.getAppType());
        shortcuts.put("web-base-url", p.getWebBaseUrl());
        shortcuts.put("api-base-url", p.getApiBaseUrl());
        shortcuts.put("environment", p.getEnvironment());
        shortcuts.put("account-id", p.getAccountId());
        shortcuts.put("extended-scope", p.getExtendedScope());
        shortcuts.put("publishing-status", p.getPublishingStatus());
        shortcuts.put("rotation", p.getRotation());
        return shortcuts;
    }
}
