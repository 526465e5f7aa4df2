package io.github.saasconnect.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider is, as data: endpoints, client authentication, formats, lifetimes and rotation.
 * Behaviour that data cannot express lives in a {@link ProviderAdapter}.
 *
 * @param type the provider type named in configuration ({@code github}, {@code oauth2} ...)
 * @param authorizationUri the authorization endpoint
 * @param tokenUri the token endpoint
 * @param revocationUri the RFC 7009 revocation endpoint, or {@code null} when the provider has none
 * @param apiBaseUri the base URL of the provider's API, or {@code null}
 * @param clientAuthentication how the client authenticates at the token endpoint
 * @param requestScopeDelimiter joins scopes in the authorization request (normally a space)
 * @param responseScopeDelimiter a regular expression that splits the granted {@code scope} in token responses
 * @param requiredScopes scopes always requested, whatever the configuration says ({@code offline_access})
 * @param authorizationParameters extra authorization request parameters ({@code access_type=offline})
 * @param pkce whether to send a PKCE S256 challenge
 * @param rotation what the provider does with a used refresh token
 * @param refreshTokenLifetime the refresh-token lifetime policy for keep-alive
 * @param defaultAccessTokenLifetime the lifetime to assume when {@code expires_in} is absent, or {@code null}
 *     for tokens that do not expire
 */
public record ProviderDescriptor(
        String type,
        URI authorizationUri,
        URI tokenUri,
        URI revocationUri,
        URI apiBaseUri,
        ClientAuthentication clientAuthentication,
        String requestScopeDelimiter,
        String responseScopeDelimiter,
        List<String> requiredScopes,
        Map<String, String> authorizationParameters,
        boolean pkce,
        RefreshTokenRotation rotation,
        RefreshTokenLifetime refreshTokenLifetime,
        Duration defaultAccessTokenLifetime) {

    public ProviderDescriptor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(authorizationUri, "authorizationUri");
        Objects.requireNonNull(tokenUri, "tokenUri");
        Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        requestScopeDelimiter = requestScopeDelimiter == null ? " " : requestScopeDelimiter;
        responseScopeDelimiter = responseScopeDelimiter == null ? " " : responseScopeDelimiter;
        requiredScopes = requiredScopes == null ? List.of() : List.copyOf(requiredScopes);
        authorizationParameters = authorizationParameters == null ? Map.of() : Map.copyOf(authorizationParameters);
        rotation = rotation == null ? RefreshTokenRotation.STRICT : rotation;
        refreshTokenLifetime = refreshTokenLifetime == null ? RefreshTokenLifetime.UNKNOWN : refreshTokenLifetime;
    }
}
