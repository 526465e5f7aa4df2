package io.github.saasconnect.autoconfigure.actuate;

import io.github.saasconnect.autoconfigure.SaasConnectProperties;
import io.github.saasconnect.observation.HealthSignals;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.token.TokenManager;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code saasconnect} Actuator endpoint: the token store and each registration with its provider type, the
 * settings that decide its behaviour and its circuit breakers' states. Client secrets, tokens and connection owners
 * are never part of it; the client id is, because every authorization URL shows it anyway.
 */
@Endpoint(id = "saasconnect")
public final class SaasConnectEndpoint {

    private final ProviderRegistry registry;
    private final SaasConnectProperties properties;
    private final RefreshResilience resilience;
    private final TokenStore store;
    private final TokenManager tokens;
    private final HealthSignals signals;

    SaasConnectEndpoint(
            ProviderRegistry registry,
            SaasConnectProperties properties,
            RefreshResilience resilience,
            TokenStore store,
            TokenManager tokens,
            HealthSignals signals) {
        this.registry = registry;
        this.properties = properties;
        this.resilience = resilience;
        this.store = store;
        this.tokens = tokens;
        this.signals = signals;
    }

    @ReadOperation
    public SaasConnectDescriptor saasConnect() {
        Map<String, RegistrationDescriptor> registrations = new LinkedHashMap<>();
        for (ProviderRegistration r : registry.all()) {
            registrations.put(r.id(), describe(r));
        }
        return new SaasConnectDescriptor(
                store == null ? null : store.name(), tokens == null ? null : tokens.pendingWrites(), registrations);
    }

    private RegistrationDescriptor describe(ProviderRegistration r) {
        ProviderDescriptor d = r.descriptor();
        RejectionDescriptor rejected = signals == null
                ? null
                : signals.rejection(r.id())
                        .map(x ->
                                new RejectionDescriptor(x.errorCode(), x.since().toString()))
                        .orElse(null);
        return new RegistrationDescriptor(
                d.type(),
                r.clientId(),
                text(d.authorizationUri()),
                text(d.tokenUri()),
                text(d.apiBaseUri()),
                List.copyOf(r.requestedScopes()),
                d.pkce(),
                d.rotation().name(),
                d.clientAuthentication().name(),
                text(r.refreshSkew()),
                text(d.refreshTokenLifetime().maxIdle()),
                text(d.refreshTokenLifetime().fixedFromConsent()),
                settings(r.id()),
                resilience.breaker(r.id()).getState().name(),
                resilience.apiBreaker(r.id()).getState().name(),
                rejected);
    }

    /**
     * The provider options as configured under {@code options}. Startup admits only the options the provider type
     * declares; map options ({@code token-parameters.*}) are left out, as they may carry anything.
     */
    private Map<String, String> settings(String id) {
        SaasConnectProperties.Provider p = properties.getProviders().get(id);
        Map<String, String> settings = new LinkedHashMap<>();
        if (p == null) {
            return settings;
        }
        new java.util.TreeMap<>(p.getOptions()).forEach((name, value) -> {
            if (!name.contains(".")) {
                put(settings, name, value);
            }
        });
        return settings;
    }

    private static void put(Map<String, String> settings, String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            settings.put(name, value.toString());
        }
    }

    private static String text(URI uri) {
        return uri == null ? null : uri.toString();
    }

    private static String text(Duration duration) {
        return duration == null ? null : duration.toString();
    }

    /**
     * What the endpoint shows.
     *
     * @param store the token store's name ({@code file}, {@code vault}, {@code memory} ...)
     * @param pendingWrites refreshed token sets the store has not taken yet (being retried)
     * @param registrations the registrations by id
     */
    public record SaasConnectDescriptor(
            String store, Integer pendingWrites, Map<String, RegistrationDescriptor> registrations)
            implements OperationResponseBody {}

    /**
     * One registration.
     *
     * @param type the provider type
     * @param clientId the OAuth client id (public: every authorization URL carries it)
     * @param authorizationUri the authorization endpoint
     * @param tokenUri the token endpoint
     * @param apiBaseUri the API base URL, if any
     * @param scopes the scopes requested, the provider's required ones included
     * @param pkce whether a PKCE S256 challenge is sent
     * @param rotation what the provider does with a used refresh token
     * @param clientAuthentication how the client authenticates at the token endpoint
     * @param refreshSkew how long before expiry access tokens are refreshed (ISO-8601)
     * @param refreshTokenMaxIdle how long an unused refresh token lives, if the provider limits it (ISO-8601)
     * @param connectionLifetime how long a connection lives from the user's consent whatever the refreshes, if the
     *     provider limits it (DocuSign without {@code extended}; ISO-8601)
     * @param settings provider-specific settings as configured (tenant, environment ...)
     * @param circuitBreaker the state of the token endpoint's circuit breaker
     * @param apiCircuitBreaker the state of the API calls' circuit breaker
     * @param rejected why the provider rejects the client, while it does
     */
    public record RegistrationDescriptor(
            String type,
            String clientId,
            String authorizationUri,
            String tokenUri,
            String apiBaseUri,
            List<String> scopes,
            boolean pkce,
            String rotation,
            String clientAuthentication,
            String refreshSkew,
            String refreshTokenMaxIdle,
            String connectionLifetime,
            Map<String, String> settings,
            String circuitBreaker,
            String apiCircuitBreaker,
            RejectionDescriptor rejected) {}

    /**
     * A client the provider rejects.
     *
     * @param error the provider's error code
     * @param since when it last happened
     */
    public record RejectionDescriptor(String error, String since) {}
}
