package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.store.PendingAuthorizationStore;

/** Startup checks of the connect endpoints, shared by MVC and WebFlux. */
final class ConnectEndpointsGuard {

    private ConnectEndpointsGuard() {}

    static void requirePendingStore(PendingAuthorizationStore pending) {
        if (pending instanceof UnavailablePendingAuthorizationStore unavailable) {
            throw unavailable.problem();
        }
    }

    static InvalidSaasConnectConfigurationException noOwnerResolver(String type) {
        return new InvalidSaasConnectConfigurationException(
                "saas-connect.web.enabled",
                "the connect endpoints are enabled, but nothing says whose connections a request is about: there is "
                        + "no " + type + " bean and Spring Security is not on the classpath",
                "Define a " + type + " bean that returns your application's id of the signed-in user, add Spring "
                        + "Security (the authenticated principal's name is used), or set saas-connect.web.enabled=false");
    }
}
