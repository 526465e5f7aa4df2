package io.github.saasconnect.provider;

import java.util.Set;

/**
 * A kind of provider that configuration can name with {@code type:}. Turns what the application configured
 * into a checked {@link ProviderRegistration}, or fails with a message that names the property to fix.
 */
public interface ProviderType {

    /** The name used in {@code saas-connect.providers.<id>.type}. */
    String name();

    /**
     * The provider-specific options this type reads from {@link RegistrationSettings#options()}, such as
     * Microsoft's {@code tenant}. Configuration that sets any other option fails at startup, naming it and these.
     * The default is none.
     */
    default Set<String> options() {
        return Set.of();
    }

    /**
     * A registration from {@code settings}.
     *
     * @throws IllegalArgumentException naming the property that is missing or wrong and how to fix it
     */
    ProviderRegistration register(RegistrationSettings settings);
}
