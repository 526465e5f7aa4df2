package io.github.saasconnect.provider.docusign;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.ClientAuthentication;
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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docusign} type: the DocuSign Account Server (Authorization Code Grant) and the eSignature REST API.
 *
 * <p>Options: {@code environment} ({@code demo} or {@code production}; required unless {@code oauth-base-url} names
 * the Account Server directly), {@code account-id} (the account to use; the user's default account otherwise) and
 * {@code extended-scope} ({@code true} by default; {@code false} stops asking for {@code extended}, which makes every
 * connection end about 30 days after it was made).
 *
 * <p>With {@code app.private-key} set, app connections ({@code ConnectionId.app(id, <user GUID>)}) use DocuSign's
 * JWT grant to act for users who consented to {@code impersonation} (see {@code DocuSignJwtGrant}).
 */
public final class DocuSignProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "docusign";

    static final ProviderOption ENVIRONMENT = ProviderOption.choice(
            "environment",
            null,
            DocuSignEnvironment.configNames(),
            "The Account Server: demo (developer accounts) or production. " + "Required unless oauth-base-url is set.");
    static final ProviderOption OAUTH_BASE_URL = ProviderOption.url(
            "oauth-base-url",
            "Instead of environment: " + "the Account Server's base URL, such as https://account-d.docusign.com.");
    static final ProviderOption ACCOUNT_ID = ProviderOption.string(
            "account-id", null, List.of(), "The account " + "to work in; the user's default account when unset.");
    static final ProviderOption EXTENDED_SCOPE = ProviderOption.bool(
            "extended-scope",
            true,
            "Whether to ask for "
                    + "the extended scope; without it every connection ends about 30 days after consent.");
    private static final List<ProviderOption> OPTIONS =
            List.of(ENVIRONMENT, OAUTH_BASE_URL, ACCOUNT_ID, EXTENDED_SCOPE);
    private static final RateLimitSignals RATE_LIMITS = new DocuSignRateLimits();
    private static final PagingStyle PAGING = new NextUriPaging();
    static final String EXTENDED = "extended";
    /** A refresh token's life: renewed by each refresh with {@code extended}, counted from consent without. */
    static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(8);

    private static final Logger log = LoggerFactory.getLogger(DocuSignProviderType.class);

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
        URI oauthBase = oauthBase(s);
        boolean extended = Boolean.parseBoolean(s.option(EXTENDED_SCOPE));
        if (!extended) {
            if (s.scopes().contains(EXTENDED)) {
                throw new IllegalArgumentException(s.property("scopes") + " contains 'extended' but "
                        + s.property(EXTENDED_SCOPE) + " is false; remove one of them");
            }
            log.warn(
                    "registration '{}': {} is false, so 'extended' is not requested. DocuSign refresh tokens then "
                            + "keep the expiry of the first login (about 30 days) however often they are refreshed, and "
                            + "every user must connect again about every 30 days; keep-alive refreshes cannot prevent it (the "
                            + "keep-alive sweep publishes RefreshTokenExpiringEvent before each connection ends)",
                    s.id(),
                    s.property(EXTENDED_SCOPE));
        }
        String accountId = s.option(ACCOUNT_ID);
        DocuSignAdapter adapter =
                new DocuSignAdapter(URI.create(oauthBase + "/oauth/userinfo"), accountId, s.property(ACCOUNT_ID));
        URI tokenUri = s.tokenUri() != null ? s.tokenUri() : URI.create(oauthBase + "/oauth/token");
        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(NAME)
                .authorizationUri(
                        s.authorizationUri() != null ? s.authorizationUri() : URI.create(oauthBase + "/oauth/auth"))
                .tokenUri(tokenUri)
                .revocationUri(s.revocationUri())
                .apiBaseUri(s.apiBaseUri())
                .clientAuthentication(
                        s.clientAuthentication() != null
                                ? s.clientAuthentication()
                                : ClientAuthentication.CLIENT_SECRET_BASIC)
                .scopeDelimiters(" ", "\\s+")
                .requiredScopes(extended ? List.of(EXTENDED) : List.of())
                .authorizationParameters(s.authorizationParameters())
                .pkce(s.pkce() == null || s.pkce())
                .rotation(RefreshTokenRotation.STRICT)
                // Without 'extended' a refresh renews nothing: the connection ends 30 days after consent.
                .refreshTokenLifetime(
                        extended
                                ? RefreshTokenLifetime.idle(REFRESH_TOKEN_LIFETIME)
                                : RefreshTokenLifetime.fromConsent(REFRESH_TOKEN_LIFETIME))
                .defaultAccessTokenLifetime(ACCESS_TOKEN_LIFETIME)
                .errorClassifier(adapter)
                .accountDiscovery(adapter)
                .accountIdentity(DocuSignAdapter.IDENTITY)
                .apiBaseUriResolver(adapter)
                .rateLimitSignals(RATE_LIMITS)
                .pagingStyle(PAGING);
        if (s.app().configured()) {
            descriptor.appTokenMinter(DocuSignJwtGrant.of(s, oauthBase, tokenUri, adapter));
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
     * The account an app connection of {@code registration} works in ({@code account-id}, else the user's default
     * account), as discovered when its token was last minted; empty before the first mint. API calls of the
     * connection go to that account's {@code base_uri}; paths name it: {@code /v2.1/accounts/{accountId}/...}.
     */
    public static Optional<String> appAccountId(ProviderRegistration registration, ConnectionId connection) {
        return registration.descriptor().apiBaseUriResolver() instanceof DocuSignAdapter adapter
                ? adapter.appAccountId(connection)
                : Optional.empty();
    }

    private static URI oauthBase(RegistrationSettings s) {
        URI explicit = s.optionUrl(OAUTH_BASE_URL.name());
        String environment = s.option(ENVIRONMENT);
        if (explicit != null && environment != null) {
            throw new IllegalArgumentException(s.property(ENVIRONMENT) + " and " + s.property(OAUTH_BASE_URL)
                    + " are both set; set only one: environment picks the Account Server, oauth-base-url names one");
        }
        if (explicit != null) {
            return explicit;
        }
        if (environment == null) {
            throw new IllegalArgumentException(s.property(ENVIRONMENT) + " is required for provider type "
                    + "'docusign'; set it to one of " + DocuSignEnvironment.configNames() + " (integration keys of "
                    + "the developer environment only work with demo)");
        }
        return DocuSignEnvironment.of(environment).oauthBase();
    }
}
