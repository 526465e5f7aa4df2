package io.github.saasconnect.provider;

import java.util.List;
import java.util.Optional;

/**
 * A kind of provider that configuration can name with {@code type:}. Turns what the application configured
 * into a checked {@link ProviderRegistration}, or fails with a message that names the property to fix. Types are
 * found with {@link java.util.ServiceLoader} (and as beans), so a new provider needs only its own package.
 */
public interface ProviderType {

    /** The name used in {@code saas-connect.providers.<id>.type}. */
    String name();

    /**
     * The provider-specific options this type reads from {@link RegistrationSettings#options()}, such as
     * Microsoft's {@code tenant}. Configuration that sets any other option fails at startup, naming it and these;
     * the configuration metadata publishes them for IDE completion. The default is none.
     */
    default List<ProviderOption> options() {
        return List.of();
    }

    /** The option that {@code key} (a key under {@code options}) sets, if this type has one. */
    default Optional<ProviderOption> option(String key) {
        return options().stream().filter(o -> o.matches(key)).findFirst();
    }

    /**
     * A registration from {@code settings}.
     *
     * @throws IllegalArgumentException naming the property that is missing or wrong and how to fix it
     */
    ProviderRegistration register(RegistrationSettings settings);
}
