package io.github.saasconnect.autoconfigure;

/**
 * Completes a registration that takes its OAuth client from another configuration
 * ({@code saas-connect.providers.<id>.from-spring-security}), so that its client id and secret are configured once.
 * {@code saas-connect-spring-security} provides the one that reads Spring Security's client registrations; the
 * provider registry asks it before checking the registration.
 */
@FunctionalInterface
public interface ImportedClientSettings {

    /**
     * Fills in {@code provider}'s client id, secret and the settings it leaves unset from the configuration it names.
     *
     * @param registrationId the id under {@code saas-connect.providers}
     * @param provider its bound settings, to complete in place
     * @throws InvalidSaasConnectConfigurationException naming the property when the import is impossible
     */
    void complete(String registrationId, SaasConnectProperties.Provider provider);
}
