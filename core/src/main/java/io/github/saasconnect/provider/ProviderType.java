package io.github.saasconnect.provider;

/**
 * A kind of provider that configuration can name with {@code type:}. Turns what the application configured
 * into a checked {@link ProviderRegistration}, or fails with a message that names the property to fix.
 */
public interface ProviderType {

    /** The name used in {@code saas-connect.providers.<id>.type}. */
    String name();

    /**
     * A registration from {@code settings}.
     *
     * @throws IllegalArgumentException naming the property that is missing or wrong and how to fix it
     */
    ProviderRegistration register(RegistrationSettings settings);
}
