package io.github.saasconnect.testkit.sandbox.github;

import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.RegisteredClient;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationRules;
import io.github.saasconnect.testkit.sandbox.internal.ClientAuthentication;
import io.github.saasconnect.testkit.sandbox.internal.CodeRedemption;
import io.github.saasconnect.testkit.sandbox.internal.RefreshResult;
import io.github.saasconnect.testkit.sandbox.internal.RefreshRotation;
import io.github.saasconnect.testkit.sandbox.internal.Route;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.Scopes;
import io.github.saasconnect.testkit.sandbox.internal.TokenFormat;
import io.github.saasconnect.testkit.sandbox.internal.TokenIssuance;
import io.github.saasconnect.testkit.sandbox.internal.TokenPolicy;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Behaves like GitHub's OAuth web flow (providers.md §3) and a slice of its REST API, for a GitHub App with expiring
 * user tokens ({@link GitHubAppKind#GITHUB_APP}, the default) or an OAuth App.
 *
 * <ul>
 * <li>{@code GET|POST /login/oauth/authorize}: no {@code response_type}; {@code redirect_uri} optional (defaults to
 *     the registered callback, may extend it); scopes space- or comma-separated; PKCE {@code S256} only.</li>
 * <li>{@code POST /login/oauth/access_token}: client id and secret as form (or query) fields, or Basic; the answer is
 *     form-encoded unless {@code Accept: application/json} (or {@code application/xml}); errors
 *     ({@code bad_verification_code}, {@code incorrect_client_credentials}, {@code redirect_uri_mismatch},
 *     {@code bad_refresh_token}) come with HTTP 200 unless {@link #tokenErrorStatus(int)} says otherwise.</li>
 * <li>GitHub App: {@code ghu_} token, {@code expires_in} 28800, {@code ghr_} refresh token,
 *     {@code refresh_token_expires_in} from {@link #refreshTokenExpiresIn(Duration)} (15897600 s by default),
 *     {@code scope} {@code ""}; strict rotation: a used refresh token and the access token it came with die at
 *     once. OAuth App: {@code gho_} token that never expires, comma-separated {@code scope}, no refresh token.</li>
 * <li>GitHub App ({@link GitHubApps}): {@code POST /app/installations/{id}/access_tokens} with the app JWT (checked
 *     against {@link #appPublicKey}, clock skew refused), one-hour {@code ghs_} tokens, 404 once
 *     {@link #uninstallApp uninstalled}; {@code GET /app/installations} paged with a {@code link} header;
 *     {@code GET /installation/repositories} with an installation token (403 with any other).</li>
 * <li>API (under {@link #apiBaseUrl()}: the root, or {@code /api/v3} for Enterprise Server):
 *     {@code DELETE /applications/{client_id}/grant} and {@code /token} (Basic, 204); {@code GET /user}
 *     (numeric {@code id}); {@code GET /user/repos} ({@code per_page}/{@code page}, {@code link} header);
 *     {@code GET /rate_limit} (not counted). Every authenticated call carries {@code x-ratelimit-*} headers; past the
 *     limit it gets 403 (or 429) with {@code x-ratelimit-remaining: 0}.</li>
 * </ul>
 */
public final class GitHubSandbox extends ProviderSandbox {

    /** The documented {@code refresh_token_expires_in} since 2024 (it was 15811200 before). */
    public static final Duration DOCUMENTED_REFRESH_TOKEN_LIFETIME = Duration.ofSeconds(15_897_600);

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(28_800);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final TokenFormat APP_TOKENS = new TokenFormat("", 20, "ghu_", 40, "ghr_", 80);
    private static final TokenFormat OAUTH_APP_TOKENS = new TokenFormat("", 20, "gho_", 40, "ghr_", 80);

    private final String apiPath;
    private final GitHubRateLimit rateLimit;
    private final GitHubRestApi restApi;
    private final GitHubApps apps;
    private volatile GitHubAppKind appKind = GitHubAppKind.GITHUB_APP;
    private volatile Duration refreshTokenExpiresIn = DOCUMENTED_REFRESH_TOKEN_LIFETIME;
    private volatile int tokenErrorStatus = 200;

    private GitHubSandbox(SandboxOptions options, String apiPath, boolean rateLimitsEnabled) {
        super("GitHub", options, APP_TOKENS, client(options));
        this.apiPath = apiPath;
        this.rateLimit = new GitHubRateLimit(options.clock(), rateLimitsEnabled);
        this.restApi = new GitHubRestApi(this, store(), rateLimit, this::listFixture);
        this.apps = new GitHubApps(options.clock(), "1024768", client().clientId());
    }

    /** Starts a github.com-like sandbox (API at the root) with {@link SandboxOptions#defaults()}. */
    public static GitHubSandbox start() {
        return start(SandboxOptions.defaults());
    }

    /** Starts a github.com-like sandbox: OAuth under {@code /login/oauth}, the API at the root, rate limits on. */
    public static GitHubSandbox start(SandboxOptions options) {
        GitHubSandbox sandbox = new GitHubSandbox(options, "", true);
        sandbox.listen();
        return sandbox;
    }

    /** Starts a GitHub Enterprise Server-like sandbox: the API under {@code /api/v3}, rate limits off by default. */
    public static GitHubSandbox startEnterpriseServer(SandboxOptions options) {
        GitHubSandbox sandbox = new GitHubSandbox(options, "/api/v3", false);
        sandbox.listen();
        return sandbox;
    }

    private static RegisteredClient client(SandboxOptions options) {
        SecureRandom random = new SecureRandom();
        String id = options.clientId() != null ? options.clientId() : TokenFormat.generate(random, "Iv23li", 20);
        String secret = options.clientSecret() != null
                ? options.clientSecret()
                : TokenFormat.generate(random, "", 40).toLowerCase(java.util.Locale.ROOT);
        return new RegisteredClient(id, secret, options.redirectUris(), "Sandbox App");
    }

    // ---- Knobs ----

    /** GitHub App (expiring tokens, the default) or OAuth App; applies to tokens issued from now on. */
    public void appKind(GitHubAppKind kind) {
        this.appKind = Objects.requireNonNull(kind, "kind");
        store().tokenFormat(kind == GitHubAppKind.GITHUB_APP ? APP_TOKENS : OAUTH_APP_TOKENS);
    }

    /** The kind of integration tokens are issued for now. */
    public GitHubAppKind appKind() {
        return appKind;
    }

    /** The refresh-token lifetime, reported as {@code refresh_token_expires_in}. */
    public void refreshTokenExpiresIn(Duration lifetime) {
        this.refreshTokenExpiresIn = Objects.requireNonNull(lifetime, "lifetime");
    }

    /** HTTP status of token-endpoint errors: 200 (GitHub's usual) or e.g. 401, as some integrations observe. */
    public void tokenErrorStatus(int status) {
        this.tokenErrorStatus = status;
    }

    /** Turns the REST rate limit and its headers on or off (off by default on Enterprise Server). */
    public void rateLimitsEnabled(boolean enabled) {
        rateLimit.enabled(enabled);
    }

    /** Requests per hour per user (5000 by default); windows start at a user's first request. */
    public void rateLimit(int limit) {
        rateLimit.limit(limit);
    }

    /** Uses up the rest of the user's current rate-limit window. */
    public void exhaustRateLimit(SandboxUser user) {
        rateLimit.quota(user.id()).exhaust();
    }

    /** Status of a primary rate-limit rejection: 403 (default) or 429. */
    public void primaryRateLimitStatus(int status) {
        rateLimit.exceededStatus(status);
    }

    /** A secondary rate-limit rejection with {@code retry-after}, for API endpoints. */
    public Fault secondaryRateLimit(int status, Duration retryAfter) {
        return Fault.respond(
                "GitHub secondary rate limit " + status,
                secondaryLimitBody(status).withHeader("retry-after", Long.toString(retryAfter.toSeconds())));
    }

    /** A secondary rate-limit rejection without {@code retry-after} or rate-limit headers (wait at least 60 s). */
    public Fault secondaryRateLimit(int status) {
        return Fault.respond("GitHub secondary rate limit " + status, secondaryLimitBody(status));
    }

    private static SandboxResponse secondaryLimitBody(int status) {
        return GitHubApiResponses.message(
                status,
                "You have exceeded a secondary rate limit. Please wait a few " + "minutes before you try again.",
                GitHubApiResponses.RATE_LIMIT_DOCS + "#about-secondary-rate-limits");
    }

    // ---- GitHub App ----

    /** The app id, one of the two {@code iss} values the app JWT may carry (the client id is the other). */
    public String appId() {
        return apps.appId();
    }

    /** The public key of the app's private key, as GitHub keeps it once the key is generated. */
    public void appPublicKey(java.security.interfaces.RSAPublicKey key) {
        apps.key(key);
    }

    /** Installs the app on {@code account}; its installation id. */
    public long installApp(String account) {
        return apps.install(account);
    }

    /** Removes an installation: its token requests answer 404 from now on. */
    public boolean uninstallApp(long installationId) {
        return apps.uninstall(installationId);
    }

    /** Suspends an installation: its token requests answer 403. */
    public void suspendInstallation(long installationId) {
        apps.suspend(installationId);
    }

    // ---- URLs ----

    /** The web base URL (OAuth endpoints live here). */
    public URI webBaseUrl() {
        return baseUrl();
    }

    /** The REST API base URL: {@link #webBaseUrl()} on the github.com layout, {@code .../api/v3} for Enterprise. */
    public URI apiBaseUrl() {
        return url(apiPath);
    }

    /** A REST API URL, e.g. {@code apiUrl("/user")}. */
    public URI apiUrl(String path) {
        return url(apiPath + path);
    }

    @Override
    public URI authorizationEndpoint() {
        return url("/login/oauth/authorize");
    }

    @Override
    public URI tokenEndpoint() {
        return url("/login/oauth/access_token");
    }

    // ---- Provider rules ----

    @Override
    protected List<Route> routes() {
        return List.of(
                new Route(Set.of("GET", "POST"), "/login/oauth/authorize", Endpoint.AUTHORIZATION, this::authorize),
                Route.post("/login/oauth/access_token", Endpoint.TOKEN, this::token),
                new Route(
                        Set.of("DELETE"),
                        apiPath + "/applications/{client_id}/grant",
                        Endpoint.REVOCATION,
                        request -> restApi.revoke(request, true)),
                new Route(
                        Set.of("DELETE"),
                        apiPath + "/applications/{client_id}/token",
                        Endpoint.REVOCATION,
                        request -> restApi.revoke(request, false)),
                Route.post(
                        apiPath + "/app/installations/{id}/access_tokens",
                        Endpoint.APP_TOKEN,
                        request -> apps.accessToken(
                                request,
                                (principal, scopes) -> issueAppToken(principal, scopes, GitHubApps.TOKEN_LIFETIME))),
                Route.get(
                        apiPath + "/app/installations",
                        Endpoint.API,
                        request -> apps.list(request, apiUrl("/app/installations"))),
                Route.get(
                        apiPath + "/installation/repositories",
                        Endpoint.API,
                        request -> restApi.installationRepositories(request, apps::account)),
                Route.get(apiPath + "/user", Endpoint.API, restApi::user),
                Route.get(apiPath + "/user/repos", Endpoint.API, restApi::repos),
                Route.get(apiPath + "/rate_limit", Endpoint.API, restApi::rateLimitStatus));
    }

    @Override
    protected AuthorizationRules authorizationRules() {
        return new AuthorizationRules(false, false, true, false, true, Set.of("S256"), null);
    }

    @Override
    protected SandboxUser newUser(String login, int sequence) {
        String name = Character.toUpperCase(login.charAt(0)) + login.substring(1) + " Example";
        return new SandboxUser(Long.toString(583_230L + sequence), login, name, login + "@users.noreply.example.com");
    }

    @Override
    protected TokenPolicy tokenPolicy(Set<String> scopes) {
        if (appKind == GitHubAppKind.OAUTH_APP) {
            return new TokenPolicy(null, RefreshRotation.NONE, Duration.ZERO, null, false, null, false, 0);
        }
        return new TokenPolicy(
                ACCESS_TOKEN_LIFETIME,
                RefreshRotation.STRICT,
                Duration.ZERO,
                refreshTokenExpiresIn,
                false,
                null,
                true,
                0);
    }

    @Override
    protected Set<String> defaultScopes() {
        return appKind == GitHubAppKind.OAUTH_APP ? Scopes.copyOf(List.of("repo", "read:user")) : Set.of();
    }

    @Override
    protected boolean seedsRefreshToken(Set<String> scopes) {
        return appKind == GitHubAppKind.GITHUB_APP;
    }

    @Override
    protected Set<String> grantedScopes(
            Set<String> approved, Set<String> previouslyGranted, Map<String, String> parameters) {
        if (appKind == GitHubAppKind.GITHUB_APP) {
            return Set.of();
        }
        return parameters.get("scope") == null ? previouslyGranted : approved;
    }

    // ---- Token endpoint ----

    private SandboxResponse token(SandboxRequest request) {
        ClientAuthentication auth = authenticateClient(
                request, Set.of(ClientAuthentication.Method.BASIC, ClientAuthentication.Method.POST));
        if (!auth.succeeded()) {
            return GitHubTokenResponse.error(
                    request,
                    tokenErrorStatus,
                    "incorrect_client_credentials",
                    "The client_id and/or client_secret passed are incorrect.");
        }
        Map<String, String> parameters = request.parameters();
        String grantType = parameters.get("grant_type");
        if (grantType == null || "authorization_code".equals(grantType)) {
            return exchangeCode(request, parameters, auth.client());
        }
        if ("refresh_token".equals(grantType)) {
            return refresh(request, parameters, auth.client());
        }
        return GitHubTokenResponse.error(
                request, tokenErrorStatus, "unsupported_grant_type", "The grant type is not supported.");
    }

    private SandboxResponse exchangeCode(
            SandboxRequest request, Map<String, String> parameters, RegisteredClient client) {
        CodeRedemption redemption = store().redeemCode(
                        parameters.get("code"),
                        client.clientId(),
                        parameters.get("redirect_uri"),
                        true,
                        parameters.get("code_verifier"),
                        CODE_LIFETIME);
        if (!redemption.succeeded()) {
            if (redemption.failure() == CodeRedemption.Failure.REDIRECT_URI_MISMATCH) {
                return GitHubTokenResponse.error(
                        request,
                        tokenErrorStatus,
                        "redirect_uri_mismatch",
                        "The redirect_uri MUST match the registered callback URL for this application.");
            }
            return GitHubTokenResponse.error(
                    request, tokenErrorStatus, "bad_verification_code", "The code passed is incorrect or expired.");
        }
        var code = redemption.code();
        TokenIssuance issuance = store().issueTokens(
                        code.grantId(), code.scopes(), tokenPolicy(code.scopes()), appKind == GitHubAppKind.GITHUB_APP);
        return tokenResponse(request, issuance);
    }

    private SandboxResponse refresh(SandboxRequest request, Map<String, String> parameters, RegisteredClient client) {
        RefreshResult result =
                store().refresh(parameters.get("refresh_token"), client.clientId(), Set.of(), tokenPolicy(Set.of()));
        if (!result.succeeded()) {
            return GitHubTokenResponse.error(
                    request,
                    tokenErrorStatus,
                    "bad_refresh_token",
                    "The refresh token passed is incorrect or expired.");
        }
        return tokenResponse(request, result.issuance());
    }

    private SandboxResponse tokenResponse(SandboxRequest request, TokenIssuance issuance) {
        Instant now = clock().instant();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("access_token", issuance.accessToken().value());
        if (issuance.accessToken().expiresAt() != null) {
            fields.put(
                    "expires_in",
                    Duration.between(now, issuance.accessToken().expiresAt()).toSeconds());
        }
        if (issuance.refreshToken() != null) {
            fields.put("refresh_token", issuance.refreshToken().value());
            fields.put(
                    "refresh_token_expires_in",
                    Duration.between(now, issuance.refreshToken().expiresAt()).toSeconds());
        }
        fields.put("scope", Scopes.join(issuance.accessToken().scopes(), ","));
        fields.put("token_type", "bearer");
        return GitHubTokenResponse.render(request, 200, fields);
    }

    // ---- OAuth application API (revocation) ----

    // ---- REST API ----

}
