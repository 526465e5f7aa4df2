package io.github.saasconnect.provider.google;

import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.IdTokenRules;
import io.github.saasconnect.provider.PagingStyle;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderOption;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RateLimitSignals;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code google} type: Google's OAuth 2.0 / OpenID Connect server (one global issuer). Its one option,
 * {@code publishing-status}, says whether the OAuth consent screen is {@code production} (default) or
 * {@code testing}; in Testing, Google ends refresh tokens 7 days after consent unless only sign-in scopes are asked
 * for, which the connections then record so the keep-alive sweep can warn before the end.
 *
 * <p>Asks for {@code access_type=offline} and {@code prompt=consent}, because Google returns a refresh token only
 * on a code exchange that followed a consent screen; adds {@code openid} so that the ID token's {@code sub} can be
 * recorded as the stable account id.
 */
public final class GoogleProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "google";

    static final URI AUTHORIZATION_URI = URI.create("https://accounts.google.com/o/oauth2/v2/auth");
    static final URI TOKEN_URI = URI.create("https://oauth2.googleapis.com/token");
    static final URI REVOCATION_URI = URI.create("https://oauth2.googleapis.com/revoke");
    /** Drive, Calendar, Gmail and most other Google APIs answer under this host ({@code /drive/v3/...}). */
    /** Google's one issuer (discovery document); ID tokens may also say {@code accounts.google.com}. */
    static final String ISSUER = "https://accounts.google.com";

    static final ProviderOption ISSUER_OPTION = ProviderOption.url(
            "issuer",
            "The iss the ID token must carry; only for a stand-in of Google's server such as a test sandbox (default "
                    + ISSUER + ").");
    static final URI API_BASE_URI = URI.create("https://www.googleapis.com");
    /** Google's "unused for 6 months"; 180 days keeps keep-alive on the safe side of every 6-month span. */
    static final Duration REFRESH_TOKEN_MAX_IDLE = Duration.ofDays(180);

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);
    /** A Testing consent screen's refresh-token life, counted from consent. */
    static final Duration TESTING_REFRESH_TOKEN_LIFETIME = Duration.ofDays(7);

    private static final String TESTING = "testing";
    static final ProviderOption PUBLISHING_STATUS = ProviderOption.choice(
            "publishing-status",
            "production",
            List.of("production", TESTING),
            "The OAuth consent screen's publishing status: production, or testing "
                    + "(refresh tokens then end 7 days after consent unless only sign-in scopes are requested).");
    private static final RateLimitSignals RATE_LIMITS = new GoogleRateLimits();
    private static final PagingStyle PAGING = new PageTokenPaging();

    private static final Logger log = LoggerFactory.getLogger(GoogleProviderType.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ProviderOption> options() {
        return List.of(PUBLISHING_STATUS, ISSUER_OPTION);
    }

    @Override
    public ProviderRegistration register(RegistrationSettings s) {
        s.requireKnownOptions(options());
        boolean testing = TESTING.equals(s.option(PUBLISHING_STATUS));
        List<String> requested = new ArrayList<>(s.scopes());
        requested.add("openid");
        boolean sevenDays = testing && !GoogleScopes.onlyBasicProfile(requested);
        if (sevenDays) {
            log.warn(
                    "registration '{}': {} is testing, so Google ends every refresh token 7 days after the user "
                            + "consented, however often it is refreshed: users must connect again every week (the keep-alive "
                            + "sweep publishes RefreshTokenExpiringEvent ahead). Publish the OAuth consent screen (In "
                            + "production) for long-lived connections",
                    s.id(),
                    s.property(PUBLISHING_STATUS));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("access_type", "offline");
        parameters.put("prompt", "consent");
        // incremental consent: a grant asking for more scopes carries the earlier ones too, so an upgrade keeps them
        parameters.put("include_granted_scopes", "true");
        parameters.putAll(s.authorizationParameters());
        if (!"offline".equals(parameters.get("access_type"))) {
            log.warn(
                    "registration '{}': {} is '{}'; Google then issues no refresh token and connections end when "
                            + "the first access token expires",
                    s.id(),
                    s.property("authorization-parameters.access_type"),
                    parameters.get("access_type"));
        }
        GoogleAdapter adapter = new GoogleAdapter();
        URI tokenUri = s.tokenUri() != null ? s.tokenUri() : TOKEN_URI;
        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(NAME)
                .authorizationUri(s.authorizationUri() != null ? s.authorizationUri() : AUTHORIZATION_URI)
                .tokenUri(tokenUri)
                .revocationUri(s.revocationUri() != null ? s.revocationUri() : REVOCATION_URI)
                .apiBaseUri(s.apiBaseUri() != null ? s.apiBaseUri() : API_BASE_URI)
                // Google serves its APIs from many hosts of its own domain (gmail., sheets., people.googleapis.com)
                .apiHosts(s.apiBaseUri() != null ? List.of() : List.of("*.googleapis.com"))
                .clientAuthentication(
                        s.clientAuthentication() != null
                                ? s.clientAuthentication()
                                : ClientAuthentication.CLIENT_SECRET_POST)
                .scopeDelimiters(" ", "\\s+")
                .requiredScopes(List.of("openid"))
                .authorizationParameters(parameters)
                .pkce(s.pkce() == null || s.pkce())
                .rotation(RefreshTokenRotation.NONE)
                .refreshTokenLifetime(new RefreshTokenLifetime(
                        REFRESH_TOKEN_MAX_IDLE, false, sevenDays ? TESTING_REFRESH_TOKEN_LIFETIME : null))
                .defaultAccessTokenLifetime(ACCESS_TOKEN_LIFETIME)
                .errorClassifier(adapter)
                .accountDiscovery(adapter)
                .accountIdentity(GoogleAdapter.IDENTITY)
                .revoker(adapter)
                .rateLimitSignals(RATE_LIMITS)
                .pagingStyle(PAGING)
                .idTokenRules(IdTokenRules.issuer(issuer(s)));
        if (s.app().configured()) {
            descriptor.appTokenMinter(GoogleServiceAccount.grant(s, tokenUri));
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

    /**
     * The ID token's expected issuer. The token comes straight from Google's token endpoint over TLS, so its signature
     * is not checked (OpenID Connect Core §3.1.3.7 item 6); iss, aud, exp and nonce are.
     */
    private static String issuer(RegistrationSettings s) {
        URI issuer = s.optionUrl(ISSUER_OPTION.name());
        return issuer == null ? ISSUER : issuer.toString();
    }
}
