package io.github.saasconnect.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code oauth2} type: any standards-compliant OAuth 2.0 provider, described by configuration alone.
 * Needs {@code authorization-uri} and {@code token-uri}; defaults to HTTP Basic client authentication, PKCE
 * on, strict refresh-token rotation (the safe assumption when a provider's rule is unknown), RFC 6749 error codes,
 * RFC 7009 revocation when a {@code revocation-uri} is set, {@code Retry-After} rate limits and RFC 8288
 * {@code Link} header paging. Its options name what differs: the rotation rule, the paging and rate-limit styles,
 * token lifetimes the responses do not state, extra token-request parameters, and for OpenID Connect providers the
 * {@code issuer-uri} (and {@code jwk-set-uri}) that turn on the ID token's issuer and signature checks.
 *
 * <p>With {@code app.*} set it also acts as the app by the client credentials grant at the same token endpoint
 * ({@link ClientCredentialsGrant}): with {@code app.client-secrets} (sent as {@code client-authentication} says), or
 * with {@code app.private-key} as a {@code private_key_jwt} client assertion. Every app connection of the registration
 * ({@code ConnectionId.app(id, subject)}, any subject) gets such a token; the subject only keeps their caches apart.
 */
public final class GenericOAuth2ProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "oauth2";

    static final ProviderOption ROTATION = ProviderOption.choice(
            "rotation",
            "strict",
            Arrays.stream(RefreshTokenRotation.values())
                    .map(GenericOAuth2ProviderType::configName)
                    .toList(),
            "What the provider does with a used refresh token: none (it keeps working), rotates-old-stays-valid, "
                    + "rotates-with-grace-period, or strict (the old one dies on first use; the safe default).");
    static final ProviderOption PAGING = ProviderOption.choice(
            "paging",
            "link-header",
            List.of("link-header", "none"),
            "How the API's lists say where the next page is: link-header (RFC 8288 Link: <url>; rel=\"next\") or "
                    + "none (one page).");
    static final ProviderOption RATE_LIMIT = ProviderOption.choice(
            "rate-limit",
            "retry-after",
            List.of("retry-after", "none"),
            "How the API signals rate limits: retry-after (HTTP 429, waiting "
                    + "Retry-After or else backing off) or none (answers are handed to the caller as they are).");
    static final ProviderOption ACCESS_TOKEN_LIFETIME = ProviderOption.duration(
            "access-token-lifetime",
            "How long an access token lives when the token response has no expires_in; unset: such tokens do not "
                    + "expire.");
    static final ProviderOption REFRESH_TOKEN_LIFETIME = ProviderOption.duration(
            "refresh-token-lifetime",
            "A refresh token unused this long dies; the keep-alive sweep refreshes idle connections before. Unset: "
                    + "no known limit.");
    static final ProviderOption TOKEN_PARAMETERS = ProviderOption.map(
            "token-parameters",
            "Extra parameters of every token request (code exchange and refresh), such as token-parameters.audience.");

    static final ProviderOption ISSUER_URI = ProviderOption.url(
            "issuer-uri",
            "The OpenID Connect issuer: the ID token's iss must equal it, and its signature is checked with the keys "
                    + "its discovery document (issuer-uri + /.well-known/openid-configuration) names.");
    static final ProviderOption JWK_SET_URI = ProviderOption.url(
            "jwk-set-uri",
            "Where the provider publishes the keys that sign its ID tokens; set it to check signatures without "
                    + "discovery.");

    private static final List<ProviderOption> OPTIONS = List.of(
            ROTATION,
            PAGING,
            RATE_LIMIT,
            ACCESS_TOKEN_LIFETIME,
            REFRESH_TOKEN_LIFETIME,
            TOKEN_PARAMETERS,
            ISSUER_URI,
            JWK_SET_URI);

    /** Never a rate limit: every answer goes to the caller as it came. */
    private static final RateLimitSignals NO_RATE_LIMITS = new RateLimitSignals() {
        @Override
        public RateLimit read(
                ApiAnswer answer,
                java.time.Instant now,
                int attempt,
                java.util.function.IntFunction<Duration> backoff) {
            return null;
        }

        @Override
        public String toString() {
            return "none";
        }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ProviderOption> options() {
        return OPTIONS;
    }

    @Override
    public ProviderRegistration register(RegistrationSettings s) {
        s.requireKnownOptions(options());
        Duration refreshTokenLifetime = s.optionDuration(REFRESH_TOKEN_LIFETIME);
        ClientAuthentication authentication =
                s.clientAuthentication() == null ? ClientAuthentication.CLIENT_SECRET_BASIC : s.clientAuthentication();
        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(NAME)
                .authorizationUri(s.require(s.authorizationUri(), "authorization-uri"))
                .tokenUri(s.require(s.tokenUri(), "token-uri"))
                .revocationUri(s.revocationUri())
                .apiBaseUri(s.apiBaseUri())
                .clientAuthentication(authentication)
                .scopeDelimiters(" ", "[ ,]+")
                .authorizationParameters(s.authorizationParameters())
                .tokenParameters(s.optionMap(TOKEN_PARAMETERS))
                .pkce(s.pkce() == null || s.pkce())
                .rotation(RefreshTokenRotation.valueOf(
                        s.option(ROTATION).toUpperCase(Locale.ROOT).replace('-', '_')))
                .refreshTokenLifetime(
                        refreshTokenLifetime == null
                                ? RefreshTokenLifetime.UNKNOWN
                                : RefreshTokenLifetime.idle(refreshTokenLifetime))
                .defaultAccessTokenLifetime(s.optionDuration(ACCESS_TOKEN_LIFETIME))
                .pagingStyle("none".equals(s.option(PAGING)) ? PagingStyle.NONE : PagingStyle.LINK_HEADER)
                .rateLimitSignals("none".equals(s.option(RATE_LIMIT)) ? NO_RATE_LIMITS : RateLimitSignals.RETRY_AFTER)
                .idTokenRules(idTokenRules(s));
        if (s.app().configured()) {
            descriptor.appTokenMinter(clientCredentials(s, authentication));
        }
        return new ProviderRegistration(
                s.id(),
                descriptor.build(),
                s.clientId(),
                s.clientSecret(),
                s.scopes(),
                s.redirectUri(),
                s.refreshSkew());
    }

    private static ClientCredentialsGrant clientCredentials(
            RegistrationSettings s, ClientAuthentication authentication) {
        URI tokenUri = s.tokenUri();
        ClientCredentialsGrant.Builder grant = ClientCredentialsGrant.builder(connection -> tokenUri)
                .scopes(s.app().scopes().isEmpty() ? s.scopes() : s.app().scopes(), " ")
                .parameters(s.optionMap(TOKEN_PARAMETERS));
        if (s.app().signer() != null) {
            return grant.assertionSigner(s.app().signer()).build();
        }
        return grant.secrets(
                        s.app().clientSecrets(),
                        authentication == ClientAuthentication.CLIENT_SECRET_BASIC,
                        e -> e.errorCode().equals("invalid_client"))
                .build();
    }

    /**
     * With {@code issuer-uri} the ID token's issuer and signature are checked (keys from {@code jwk-set-uri}, else
     * from the issuer's discovery document); with {@code jwk-set-uri} alone its signature; without either only its
     * audience, expiry and nonce, since its issuer is unknown and it came straight from the token endpoint over TLS.
     */
    private static IdTokenRules idTokenRules(RegistrationSettings s) {
        URI issuer = s.optionUrl(ISSUER_URI.name());
        URI jwkSetUri = s.optionUrl(JWK_SET_URI.name());
        return new IdTokenRules(issuer == null ? null : issuer.toString(), jwkSetUri, issuer);
    }

    private static String configName(RefreshTokenRotation rotation) {
        return rotation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
