package io.github.saasconnect.provider.docusign;

import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docusign} type: the DocuSign Account Server (Authorization Code Grant) and the eSignature REST API.
 *
 * <p>Options: {@code environment} ({@code demo} or {@code production}; required unless {@code oauth-base-url} names
 * the Account Server directly), {@code account-id} (the account to use; the user's default account otherwise) and
 * {@code extended-scope} ({@code true} by default; {@code false} stops asking for {@code extended}, which makes every
 * connection end about 30 days after it was made).
 */
public final class DocuSignProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "docusign";

    static final String ENVIRONMENT = "environment";
    static final String OAUTH_BASE_URL = "oauth-base-url";
    static final String ACCOUNT_ID = "account-id";
    static final String EXTENDED_SCOPE = "extended-scope";
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
    public Set<String> options() {
        return Set.of(ENVIRONMENT, OAUTH_BASE_URL, ACCOUNT_ID, EXTENDED_SCOPE);
    }

    @Override
    public ProviderRegistration register(RegistrationSettings s) {
        s.requireKnownOptions(options());
        URI oauthBase = oauthBase(s);
        boolean extended = Boolean.parseBoolean(s.optionChoice(EXTENDED_SCOPE, "true", List.of("true", "false")));
        if (!extended) {
            if (s.scopes().contains(EXTENDED)) {
                throw new IllegalArgumentException(s.property("scopes") + " contains 'extended' but "
                        + s.property(EXTENDED_SCOPE) + " is false; remove one of them");
            }
            log.warn("registration '{}': {} is false, so 'extended' is not requested. DocuSign refresh tokens then "
                    + "keep the expiry of the first login (about 30 days) however often they are refreshed, and "
                    + "every user must connect again about every 30 days; keep-alive refreshes cannot prevent it (the "
                    + "keep-alive sweep publishes RefreshTokenExpiringEvent before each connection ends)",
                    s.id(), s.property(EXTENDED_SCOPE));
        }
        String accountId = s.option(ACCOUNT_ID, null);
        ProviderDescriptor descriptor = new ProviderDescriptor(NAME,
                s.authorizationUri() != null ? s.authorizationUri() : URI.create(oauthBase + "/oauth/auth"),
                s.tokenUri() != null ? s.tokenUri() : URI.create(oauthBase + "/oauth/token"),
                s.revocationUri(),
                s.apiBaseUri(),
                s.clientAuthentication() != null ? s.clientAuthentication() : ClientAuthentication.CLIENT_SECRET_BASIC,
                " ", "\\s+",
                extended ? List.of(EXTENDED) : List.of(),
                s.authorizationParameters(),
                s.pkce() == null || s.pkce(),
                RefreshTokenRotation.STRICT,
                // Without 'extended' a refresh renews nothing: the connection ends 30 days after consent.
                extended ? RefreshTokenLifetime.idle(REFRESH_TOKEN_LIFETIME)
                        : RefreshTokenLifetime.fromConsent(REFRESH_TOKEN_LIFETIME),
                ACCESS_TOKEN_LIFETIME);
        DocuSignAdapter adapter = new DocuSignAdapter(URI.create(oauthBase + "/oauth/userinfo"),
                accountId == null ? null : accountId.strip(), s.property(ACCOUNT_ID));
        return new ProviderRegistration(s.id(), descriptor, adapter, s.clientId(), s.clientSecret(), s.scopes(),
                s.redirectUri(), s.refreshSkew());
    }

    private static URI oauthBase(RegistrationSettings s) {
        URI explicit = s.optionUrl(OAUTH_BASE_URL);
        String environment = s.optionChoice(ENVIRONMENT, null, DocuSignEnvironment.configNames());
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
