package io.github.saasconnect.provider.github;

import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderType;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code github} type: user tokens of a GitHub App or an OAuth App on github.com or GitHub Enterprise Server.
 *
 * <p>Options: {@code app-type} ({@code github-app} by default, or {@code oauth-app}); for Enterprise Server
 * {@code web-base-url} ({@code https://HOST}: OAuth lives at {@code HOST/login/oauth/...}) and, when the REST API is
 * not at {@code HOST/api/v3}, {@code api-base-url}.
 */
public final class GitHubProviderType implements ProviderType {

    /** The type name. */
    public static final String NAME = "github";

    static final String APP_TYPE = "app-type";
    static final String WEB_BASE_URL = "web-base-url";
    static final String API_BASE_URL = "api-base-url";
    static final URI WEB = URI.create("https://github.com");
    static final URI API = URI.create("https://api.github.com");

    private static final Logger log = LoggerFactory.getLogger(GitHubProviderType.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> options() {
        return Set.of(APP_TYPE, WEB_BASE_URL, API_BASE_URL);
    }

    @Override
    public ProviderRegistration register(RegistrationSettings s) {
        s.requireKnownOptions(options());
        if (s.revocationUri() != null) {
            throw new IllegalArgumentException(s.property("revocation-uri") + " is set, but GitHub revokes through "
                    + "its REST API (DELETE {api-base-url}/applications/{client_id}/grant); remove it and set "
                    + s.property(API_BASE_URL) + " for Enterprise Server");
        }
        GitHubAppType appType = GitHubAppType.of(s.optionChoice(APP_TYPE, GitHubAppType.GITHUB_APP.configName(),
                GitHubAppType.configNames()));
        URI web = s.optionUrl(WEB_BASE_URL);
        URI api = apiBaseUri(s, web);
        URI webBase = web != null ? web : WEB;
        if (appType == GitHubAppType.GITHUB_APP && !s.scopes().isEmpty()) {
            log.warn("registration '{}': {} lists scopes, but GitHub Apps take none: a user token gets the app's "
                    + "permissions, limited to what the user can access. The scopes are sent and ignored; set "
                    + "{} to oauth-app if this is an OAuth App", s.id(), s.property("scopes"), s.property(APP_TYPE));
        }
        ProviderDescriptor descriptor = new ProviderDescriptor(NAME,
                s.authorizationUri() != null ? s.authorizationUri() : URI.create(webBase + "/login/oauth/authorize"),
                s.tokenUri() != null ? s.tokenUri() : URI.create(webBase + "/login/oauth/access_token"),
                null,
                api,
                s.clientAuthentication() != null ? s.clientAuthentication() : ClientAuthentication.CLIENT_SECRET_POST,
                " ", "[,\\s]+",
                List.of(),
                s.authorizationParameters(),
                s.pkce() == null || s.pkce(),
                RefreshTokenRotation.STRICT,
                appType == GitHubAppType.GITHUB_APP ? new RefreshTokenLifetime(null, true) : RefreshTokenLifetime.UNKNOWN,
                null);
        return new ProviderRegistration(s.id(), descriptor, new GitHubAdapter(), s.clientId(), s.clientSecret(),
                s.scopes(), s.redirectUri(), s.refreshSkew());
    }

    private static URI apiBaseUri(RegistrationSettings s, URI web) {
        URI option = s.optionUrl(API_BASE_URL);
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
