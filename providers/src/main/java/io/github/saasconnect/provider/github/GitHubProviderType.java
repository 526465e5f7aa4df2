package io.github.saasconnect.provider.github;

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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code github} type: user tokens of a GitHub App or an OAuth App on github.com or GitHub Enterprise Server.
 *
 * <p>Options: {@code app-type} ({@code github-app} by default, or {@code oauth-app}); for Enterprise Server
 * {@code web-base-url} ({@code https://HOST}: OAuth lives at {@code HOST/login/oauth/...}) and, when the REST API is
 * not at {@code HOST/api/v3}, {@code api-base-url}.
 *
 * <p>With {@code app.private-key} (and {@code app.issuer}, the app id) set, the registration also acts as the GitHub
 * App: installation tokens for {@code ConnectionId.app(id, installationId)} ({@link GitHubInstallationTokens}), and
 * {@link GitHubAppInstallations} lists the installations.
 */
public final class GitHubProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "github";

    static final ProviderOption APP_TYPE = ProviderOption.choice(
            "app-type",
            GitHubAppType.GITHUB_APP.configName(),
            GitHubAppType.configNames(),
            "github-app (expiring user tokens, strictly rotating refresh tokens, no "
                    + "scopes) or oauth-app (non-expiring tokens, scopes per request).");
    static final ProviderOption WEB_BASE_URL = ProviderOption.url(
            "web-base-url",
            "GitHub Enterprise Server: the "
                    + "web base URL, such as https://github.example.com (OAuth lives at HOST/login/oauth/...).");
    static final ProviderOption API_BASE_URL = ProviderOption.url(
            "api-base-url", "GitHub Enterprise Server: the " + "REST API base URL when it is not HOST/api/v3.");
    private static final List<ProviderOption> OPTIONS = List.of(APP_TYPE, WEB_BASE_URL, API_BASE_URL);
    private static final RateLimitSignals RATE_LIMITS = new GitHubRateLimits();
    static final URI WEB = URI.create("https://github.com");
    static final URI API = URI.create("https://api.github.com");
    static final String UPLOADS_HOST = "uploads.github.com";

    private static final Logger log = LoggerFactory.getLogger(GitHubProviderType.class);

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
        if (s.revocationUri() != null) {
            throw new IllegalArgumentException(s.property("revocation-uri") + " is set, but GitHub revokes through "
                    + "its REST API (DELETE {api-base-url}/applications/{client_id}/grant); remove it and set "
                    + s.property(API_BASE_URL) + " for Enterprise Server");
        }
        GitHubAppType appType = GitHubAppType.of(s.option(APP_TYPE));
        URI web = s.optionUrl(WEB_BASE_URL.name());
        URI api = apiBaseUri(s, web);
        URI webBase = web != null ? web : WEB;
        if (appType == GitHubAppType.GITHUB_APP && !s.scopes().isEmpty()) {
            log.warn(
                    "registration '{}': {} lists scopes, but GitHub Apps take none: a user token gets the app's "
                            + "permissions, limited to what the user can access. The scopes are sent and ignored; set "
                            + "{} to oauth-app if this is an OAuth App",
                    s.id(),
                    s.property("scopes"),
                    s.property(APP_TYPE));
        }
        GitHubAdapter adapter = new GitHubAdapter();
        ProviderDescriptor.Builder descriptor = ProviderDescriptor.builder(NAME)
                .authorizationUri(
                        s.authorizationUri() != null
                                ? s.authorizationUri()
                                : URI.create(webBase + "/login/oauth/authorize"))
                .tokenUri(s.tokenUri() != null ? s.tokenUri() : URI.create(webBase + "/login/oauth/access_token"))
                .apiBaseUri(api)
                // release assets upload to uploads.github.com on github.com; GHES serves them under its own host
                .apiHosts(api.equals(API) ? List.of(UPLOADS_HOST) : List.of())
                .clientAuthentication(
                        s.clientAuthentication() != null
                                ? s.clientAuthentication()
                                : ClientAuthentication.CLIENT_SECRET_POST)
                .scopeDelimiters(" ", "[,\\s]+")
                .authorizationParameters(s.authorizationParameters())
                .pkce(s.pkce() == null || s.pkce())
                .rotation(RefreshTokenRotation.STRICT)
                .refreshTokenLifetime(
                        appType == GitHubAppType.GITHUB_APP
                                ? new RefreshTokenLifetime(null, true)
                                : RefreshTokenLifetime.UNKNOWN)
                .errorClassifier(adapter)
                .accountDiscovery(adapter)
                .accountIdentity(GitHubAdapter.IDENTITY)
                .revoker(adapter)
                .rateLimitSignals(RATE_LIMITS)
                .pagingStyle(PagingStyle.LINK_HEADER);
        if (s.app().configured()) {
            descriptor.appTokenMinter(installationTokens(s, appType));
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
     * Installation tokens of a GitHub App: its private key signs the app JWT, issued by {@code app.issuer} (the app id
     * or client id; the client id when unset).
     */
    private static GitHubInstallationTokens installationTokens(RegistrationSettings s, GitHubAppType appType) {
        if (appType != GitHubAppType.GITHUB_APP) {
            throw new IllegalArgumentException(s.property("app") + " is set but " + s.property(APP_TYPE)
                    + " is oauth-app: only GitHub Apps have installations to act as");
        }
        if (s.app().signer() == null) {
            throw new IllegalArgumentException(s.property("app.private-key") + " is not set: a GitHub App signs its "
                    + "JWT with the private key generated in the app's settings (client secrets do not apply)");
        }
        if (!s.app().signer().algorithm().equals(com.nimbusds.jose.JWSAlgorithm.RS256)) {
            throw new IllegalArgumentException(s.property("app.private-key.algorithm") + " is "
                    + s.app().signer().algorithm() + " but GitHub accepts only RS256 for an app JWT");
        }
        String issuer = s.app().issuer() != null ? s.app().issuer() : s.clientId();
        return new GitHubInstallationTokens(
                new GitHubAppJwt(s.id(), issuer, s.app().signer()),
                GitHubInstallationTokens.narrowing(s.app().parameters(), s.property("app.parameters")));
    }

    private static URI apiBaseUri(RegistrationSettings s, URI web) {
        URI option = s.optionUrl(API_BASE_URL.name());
        if (option != null && s.apiBaseUri() != null && !option.equals(s.apiBaseUri())) {
            throw new IllegalArgumentException(s.property(API_BASE_URL) + " (" + option + ") and "
                    + s.property("api-base-uri") + " (" + s.apiBaseUri() + ") disagree; set only one");
        }
        if (option != null) {
            return option;
        }
        if (s.apiBaseUri() != null) {
            return s.apiBaseUri();
        }
        return web != null ? URI.create(web + "/api/v3") : API;
    }
}
