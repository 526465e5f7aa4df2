package io.github.saasconnect.provider.microsoft;

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
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code microsoft} type: the Microsoft identity platform v2.0 (Entra ID work and school accounts, personal
 * Microsoft accounts) and Microsoft Graph.
 *
 * <p>Options: {@code tenant} ({@code common} by default, {@code organizations}, {@code consumers}, a tenant GUID or
 * a verified domain), {@code cloud} ({@code global} by default, {@code us-government}, {@code china}) or, instead of
 * {@code cloud}, {@code authority-host} (an {@code https} URL). Always asks for {@code offline_access} (refresh
 * tokens), {@code openid} and {@code profile} (the ID token with {@code tid} and {@code oid}).
 *
 * <p>With {@code app.*} set, the registration also acts as the app: client credentials for
 * {@code ConnectionId.app(id, tenant)} ({@link MicrosoftClientCredentials}); the tenant must then be a specific one.
 */
public final class MicrosoftProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "microsoft";

    static final String DEFAULT_TENANT = "common";
    static final ProviderOption TENANT = ProviderOption.string(
            "tenant",
            DEFAULT_TENANT,
            List.of("common", "organizations", "consumers"),
            "Who may sign in: common (work, school and personal "
                    + "accounts), organizations, consumers, a tenant id (GUID) or a verified tenant domain.");
    static final ProviderOption CLOUD = ProviderOption.choice(
            "cloud",
            MicrosoftCloud.GLOBAL.configName(),
            MicrosoftCloud.configNames(),
            "The national cloud whose authority host and Graph endpoint to use.");
    static final ProviderOption AUTHORITY_HOST = ProviderOption.url(
            "authority-host",
            "Instead of cloud: the " + "authority host as an https URL, such as https://login.microsoftonline.com.");
    static final Duration REFRESH_TOKEN_MAX_IDLE = Duration.ofDays(90);
    /** The short end of Microsoft's random 60–90 minutes; {@code expires_in} is always sent, so this is a fallback. */
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(60);

    private static final List<ProviderOption> OPTIONS = List.of(TENANT, CLOUD, AUTHORITY_HOST);
    private static final RateLimitSignals RATE_LIMITS = new GraphRateLimits();
    private static final Set<String> TENANT_ALIASES = Set.of("common", "organizations", "consumers");
    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DOMAIN =
            Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

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
        s.requireKnownOptions(OPTIONS);
        String tenant = tenant(s);
        MicrosoftCloud cloud = cloud(s);
        URI authority = authorityHost(s, cloud);
        String base = authority.toString() + "/" + tenant + "/oauth2/v2.0";
        MicrosoftAdapter adapter = new MicrosoftAdapter();
        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(NAME)
                .authorizationUri(s.authorizationUri() != null ? s.authorizationUri() : URI.create(base + "/authorize"))
                .tokenUri(s.tokenUri() != null ? s.tokenUri() : URI.create(base + "/token"))
                .revocationUri(s.revocationUri())
                .apiBaseUri(s.apiBaseUri() != null ? s.apiBaseUri() : cloud.graph())
                .clientAuthentication(
                        s.clientAuthentication() != null
                                ? s.clientAuthentication()
                                : ClientAuthentication.CLIENT_SECRET_POST)
                .scopeDelimiters(" ", "\\s+")
                .requiredScopes(List.of("openid", "profile", "offline_access"))
                .authorizationParameters(s.authorizationParameters())
                .pkce(s.pkce() == null || s.pkce())
                .rotation(RefreshTokenRotation.ROTATES_OLD_STAYS_VALID)
                .refreshTokenLifetime(RefreshTokenLifetime.idle(REFRESH_TOKEN_MAX_IDLE))
                .defaultAccessTokenLifetime(ACCESS_TOKEN_LIFETIME)
                .errorClassifier(adapter)
                .accountDiscovery(adapter)
                .accountIdentity(MicrosoftAdapter.IDENTITY)
                .rateLimitSignals(RATE_LIMITS)
                // @odata.nextLink, followed as-is; items under value, and pages may be empty (providers.md §2.10)
                .pagingStyle(PagingStyle.bodyLink("@odata.nextLink", "value"))
                .idTokenRules(IdTokenRules.issuer(issuer(authority, tenant)));
        if (s.app().configured()) {
            descriptor.appTokenMinter(MicrosoftClientCredentials.grant(s, s.app(), authority, tenant, cloud));
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
     * The ID token's expected issuer: {@code {authority}/{tenant id}/v2.0}. For {@code common}, {@code organizations},
     * {@code consumers} and a tenant domain the tenant id is not known up front, so the issuer is Microsoft's
     * multi-tenant template {@code {authority}/{tenantid}/v2.0}, whose {@code {tenantid}} is replaced by the token's
     * {@code tid} before comparing, as Microsoft documents for multi-tenant apps. The token comes straight from the
     * token endpoint over TLS, so its signature is not checked (OpenID Connect Core §3.1.3.7 item 6).
     */
    static String issuer(URI authority, String tenant) {
        String id = GUID.matcher(tenant).matches() ? tenant : IdTokenRules.TENANT_ID_TEMPLATE;
        return authority + "/" + id + "/v2.0";
    }

    private static String tenant(RegistrationSettings s) {
        String tenant = s.option(TENANT);
        if (TENANT_ALIASES.contains(tenant.toLowerCase(Locale.ROOT))) {
            return tenant.toLowerCase(Locale.ROOT);
        }
        if (isTenant(tenant)) {
            return tenant;
        }
        throw new IllegalArgumentException(s.property(TENANT) + " is '" + tenant + "' but must be one of "
                + List.of("common", "organizations", "consumers") + ", a tenant id (GUID) or a tenant domain such as "
                + "contoso.onmicrosoft.com");
    }

    /** Whether {@code tenant} is a tenant id (GUID) or a domain name. */
    static boolean isTenant(String tenant) {
        return GUID.matcher(tenant).matches() || DOMAIN.matcher(tenant).matches();
    }

    private static MicrosoftCloud cloud(RegistrationSettings s) {
        String name = s.option(CLOUD);
        return java.util.Arrays.stream(MicrosoftCloud.values())
                .filter(c -> c.configName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static URI authorityHost(RegistrationSettings s, MicrosoftCloud cloud) {
        URI host = s.optionUrl(AUTHORITY_HOST.name());
        if (host == null) {
            return cloud.authorityHost();
        }
        if (s.option(CLOUD.name(), null) != null) {
            throw new IllegalArgumentException(s.property(CLOUD) + " and " + s.property(AUTHORITY_HOST)
                    + " are both set; set only one: cloud picks a national cloud's authority host, authority-host "
                    + "names one directly");
        }
        return host;
    }
}
