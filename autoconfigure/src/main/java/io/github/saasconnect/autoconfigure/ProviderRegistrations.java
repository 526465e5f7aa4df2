package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.AccountPolicy;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RegistrationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;

/**
 * Builds the {@link ProviderRegistry} from {@code saas-connect.providers.*}, checking every entry and failing
 * with a message that names the property and the fix.
 */
final class ProviderRegistrations {

    private static final Logger log = LoggerFactory.getLogger(ProviderRegistrations.class);

    private final Map<String, ProviderType> types;
    private final RegistrationKeys keys;
    private final ImportedClientSettings imported;
    private List<AppSigningKeyReferences> keyReferences = List.of();

    ProviderRegistrations(List<ProviderType> beans, ClassLoader classLoader) {
        this(beans, classLoader, null);
    }

    /** What resolves {@code app.private-key.ref}; none by default. */
    ProviderRegistrations keyReferences(List<AppSigningKeyReferences> references) {
        this.keyReferences = List.copyOf(references);
        return this;
    }

    /**
     * @param imported completes the registrations that take their client from Spring Security, or {@code null} when
     *     saas-connect-spring-security is absent (then naming one fails startup)
     */
    ProviderRegistrations(List<ProviderType> beans, ClassLoader classLoader, ImportedClientSettings imported) {
        this.imported = imported;
        Map<String, ProviderType> byName = new TreeMap<>();
        ServiceLoader.load(ProviderType.class, classLoader).forEach(t -> byName.put(t.name(), t));
        beans.forEach(t -> byName.put(t.name(), t));
        this.types = byName;
        this.keys = new RegistrationKeys(byName);
    }

    /**
     * The registry of {@code providers}.
     *
     * @param unread the settings under {@code saas-connect.providers} that binding did not read, by registration id
     *     ({@link RegistrationKeys#unread}); any of them fails startup
     * @param legacy the options set beside the common settings the 0.1 way, by registration id
     *     ({@link RegistrationKeys#legacyOptions})
     */
    ProviderRegistry build(
            Map<String, SaasConnectProperties.Provider> providers,
            Map<String, List<ConfigurationProperty>> unread,
            Map<String, Map<String, String>> legacy) {
        Map<String, SaasConnectProperties.Provider> all = new LinkedHashMap<>(providers);
        unread.keySet().forEach(id -> all.putIfAbsent(id, new SaasConnectProperties.Provider()));
        List<ProviderRegistration> registrations = new ArrayList<>();
        all.forEach((id, p) -> registrations.add(
                register(id, p, unread.getOrDefault(id, List.of()), legacy.getOrDefault(id, Map.of()))));
        return new ProviderRegistry(registrations);
    }

    private ProviderRegistration register(
            String id,
            SaasConnectProperties.Provider p,
            List<ConfigurationProperty> unread,
            Map<String, String> legacy) {
        String prefix = RegistrationKeys.PREFIX + "." + id;
        try {
            ConnectionId.requireValidRegistration(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix,
                    e.getMessage(),
                    "Rename the registration: use 1-40 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        // before the type's own checks: a misplaced option would otherwise surface as the setting it was meant
        // to replace (DocuSign's oauth-base-url as a missing environment)
        keys.requireNoneUnread(id, p.getType() == null ? null : types.get(p.getType()), unread);
        if (p.getType() == null || p.getType().isBlank()) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".type", "no provider type is set", "Set it to one of " + types.keySet());
        }
        ProviderType type = types.get(p.getType());
        if (type == null) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".type",
                    "unknown provider type '" + p.getType() + "'",
                    ClosestName.to(p.getType(), types.keySet())
                                    .map(near -> "Did you mean '" + near + "'? ")
                                    .orElse("") + "Use one of " + types.keySet());
        }
        keys.requireKnownOptions(id, type, p.getOptions(), new LinkedHashMap<>(legacy));
        legacy.keySet()
                .forEach(name -> log.warn(
                        "{}.{} is read for compatibility with 0.1; move it to {}.options.{}",
                        prefix,
                        name,
                        prefix,
                        name));
        // folded into the bound options, so that what reports the configuration (the Actuator endpoint) sees
        // every option where it now belongs
        p.getOptions().putAll(legacy);
        if (p.getFromSpringSecurity() != null) {
            if (imported == null) {
                throw new InvalidSaasConnectConfigurationException(
                        prefix + ".from-spring-security",
                        "no Spring Security bridge is on the class path",
                        "Add io.github.saasconnect:saas-connect-spring-security beside the starter, or configure the "
                                + "client here with client-id and client-secret");
            }
            imported.complete(id, p);
        }
        if (p.getClientId() == null || p.getClientId().isBlank()) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".client-id",
                    "no client id is set",
                    "Set it to the client id the provider issued for this app (for example from an environment variable)");
        }
        RegistrationSettings settings =
                settings(id, p).withApp(AppCredentialsProperties.of(prefix, p.getApp(), keyReferences));
        try {
            return withApiHosts(type.register(settings), p.getApiHosts())
                    .withOptionalScopes(p.getOptionalScopes())
                    .withAccounts(accounts(prefix, p));
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix, e.getMessage(), "See the per-provider setup notes in the README");
        }
    }

    /** {@code accounts} and {@code on-account-change}; the latter only means something for one account per owner. */
    private static AccountPolicy accounts(String prefix, SaasConnectProperties.Provider p) {
        AccountPolicy.Accounts accounts = p.getAccounts() == null ? AccountPolicy.Accounts.SINGLE : p.getAccounts();
        if (accounts == AccountPolicy.Accounts.MULTIPLE && p.getOnAccountChange() != null) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".on-account-change",
                    "it applies only to accounts: single, but " + prefix + ".accounts is multiple (another provider "
                            + "account then becomes another connection, nothing is refused or replaced)",
                    "Remove " + prefix + ".on-account-change, or set " + prefix + ".accounts=single");
        }
        return new AccountPolicy(
                accounts,
                p.getOnAccountChange() == null ? AccountPolicy.OnAccountChange.REFUSE : p.getOnAccountChange());
    }

    /** The registration with the configured API hosts added to its provider's own. */
    private static ProviderRegistration withApiHosts(ProviderRegistration registration, List<String> configured) {
        if (configured.isEmpty()) {
            return registration;
        }
        Set<String> hosts = new LinkedHashSet<>(registration.descriptor().apiHosts());
        hosts.addAll(configured);
        return new ProviderRegistration(
                registration.id(),
                registration.descriptor().toBuilder().apiHosts(hosts).build(),
                registration.clientId(),
                registration.clientSecret(),
                registration.scopes(),
                registration.redirectUri(),
                registration.refreshSkew(),
                registration.optionalScopes());
    }

    private static RegistrationSettings settings(String id, SaasConnectProperties.Provider p) {
        Map<String, String> options = new LinkedHashMap<>(p.getOptions());
        return new RegistrationSettings(
                id,
                p.getType(),
                p.getClientId(),
                Secret.ofNullable(p.getClientSecret()),
                p.getScopes(),
                p.getRedirectUri(),
                p.getAuthorizationUri(),
                p.getTokenUri(),
                p.getRevocationUri(),
                p.getApiBaseUri(),
                p.getClientAuthentication(),
                p.getPkce(),
                p.getAuthorizationParameters(),
                p.getRefreshSkew(),
                options);
    }
}
