package io.github.saasconnect.autoconfigure;

import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;

/**
 * Settings renamed in 0.2 (also marked deprecated at level error, with their replacement, in the configuration
 * metadata, so IDEs flag them), when every retry took the same vocabulary ({@code max-attempts},
 * {@code initial-backoff}, {@code backoff-multiplier}, {@code max-backoff}, {@code max-retry-after}). Binding would
 * drop an old name without a word and run on the default, so setting one fails startup naming its replacement.
 * Looked up the way Boot binds, so {@code backoffInitial} and {@code SAAS_CONNECT_CLIENTS_BACKOFFINITIAL} are caught
 * too.
 */
final class RenamedKeys {

    /** Old name, and what to set instead. */
    private static final Map<String, String> RENAMED = Map.of(
            "saas-connect.clients.max-rate-limit-wait", "saas-connect.clients.max-retry-after",
            "saas-connect.clients.max-rate-limit-retries",
                    "saas-connect.clients.max-attempts (attempts count the "
                            + "first call: max-rate-limit-retries=5 is max-attempts=6)",
            "saas-connect.clients.backoff-initial", "saas-connect.clients.initial-backoff",
            "saas-connect.clients.backoff-max", "saas-connect.clients.max-backoff",
            "saas-connect.token.pending-write-retry", "saas-connect.token.pending-writes.initial-backoff",
            "saas-connect.token.pending-write-retry-max", "saas-connect.token.pending-writes.max-backoff");

    private RenamedKeys() {}

    /** Fails on the first renamed setting under {@code prefix} that {@code environment} still sets. */
    static void requireNoneSet(Environment environment, String prefix) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            RENAMED.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(prefix + "."))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> {
                        ConfigurationProperty set =
                                source.getConfigurationProperty(ConfigurationPropertyName.of(e.getKey()));
                        if (set != null) {
                            throw new InvalidSaasConnectConfigurationException(
                                    e.getKey(),
                                    "was renamed in 0.2" + RegistrationKeys.where(set.getOrigin()),
                                    "Set " + e.getValue() + " instead");
                        }
                    });
        }
    }
}
