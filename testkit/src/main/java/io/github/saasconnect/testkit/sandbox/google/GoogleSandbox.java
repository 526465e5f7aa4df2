package io.github.saasconnect.testkit.sandbox.google;

import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.IdTokenSigner;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.RegisteredClient;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationRules;
import io.github.saasconnect.testkit.sandbox.internal.ClientAuthentication;
import io.github.saasconnect.testkit.sandbox.internal.CodeRedemption;
import io.github.saasconnect.testkit.sandbox.internal.RefreshResult;
import io.github.saasconnect.testkit.sandbox.internal.RefreshRotation;
import io.github.saasconnect.testkit.sandbox.internal.RefreshToken;
import io.github.saasconnect.testkit.sandbox.internal.Route;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.Scopes;
import io.github.saasconnect.testkit.sandbox.internal.TokenFormat;
import io.github.saasconnect.testkit.sandbox.internal.TokenIssuance;
import io.github.saasconnect.testkit.sandbox.internal.TokenPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Behaves like Google's OAuth 2.0 / OpenID Connect server (providers.md §1) plus the Drive v3 files list.
 *
 * <ul>
 * <li>{@code GET /.well-known/openid-configuration}: discovery, pointing at this server.</li>
 * <li>{@code GET|POST /o/oauth2/v2/auth}: authorization; {@code scope} required; PKCE {@code plain} and {@code S256};
 *     a refresh token only with {@code access_type=offline} on an authorization that showed consent (the first, or
 *     {@code prompt=consent}); {@code include_granted_scopes=true} adds earlier grants.</li>
 * <li>{@code POST /token} (also the legacy {@code /oauth2/v4/token} and {@code /o/oauth2/token}): client auth by
 *     Basic or form fields; JSON; refresh returns no {@code refresh_token}; a dead refresh token gives 400
 *     {@code invalid_grant} "Token has been expired or revoked.".</li>
 * <li>{@code POST /revoke}: 200, or 400 for an unknown or already revoked token; revoking either token of a grant
 *     revokes the grant. {@code GET /revoke} is 404.</li>
 * <li>{@code GET /v1/userinfo} and {@code /oauth2/v3/userinfo}; {@code GET /oauth2/v3/certs}: the JWK Set of the
 *     RS256 key that signs ID tokens ({@link #idTokens()}), which echo the authorization request's {@code nonce}.</li>
 * <li>{@code GET /drive/v3/files}: {@code pageSize}/{@code pageToken} → {@code nextPageToken}, absent on the last
 *     page; empty pages per {@link #listFixture(io.github.saasconnect.testkit.sandbox.ListFixture)}.</li>
 * </ul>
 *
 * <p>Service accounts ({@link GoogleServiceAccounts}): the JWT bearer grant for {@link #registerServiceAccount
 * registered} accounts, with domain-wide delegation ({@link #delegateDomainWide}) to users of {@link #WORKSPACE_DOMAIN}.
 *
 * <p>Lifetimes: access token 3599 s; refresh token until revoked, 6 months idle, 7 days in
 * {@link GooglePublishingStatus#TESTING}, 100 live per user and client (the 101st revokes the oldest).
 */
public final class GoogleSandbox extends ProviderSandbox {

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofSeconds(3599);
    static final Duration IDLE_LIFETIME = Duration.ofDays(183);
    static final Duration TESTING_LIFETIME = Duration.ofDays(7);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Set<String> BASIC_PROFILE_SCOPES = Set.of(
            "openid",
            "email",
            "profile",
            "https://www.googleapis.com/auth/userinfo.email",
            "https://www.googleapis.com/auth/userinfo.profile");

    private final GoogleApis apis;
    private final IdTokenSigner idTokens = new IdTokenSigner();
    private final GoogleServiceAccounts serviceAccounts;
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** The Workspace domain of the sandbox's users ({@code <login>@example.com}). */
    public static final String WORKSPACE_DOMAIN = "example.com";

    private volatile GooglePublishingStatus publishingStatus = GooglePublishingStatus.IN_PRODUCTION;
    private volatile Duration timeBasedAccess;

    private GoogleSandbox(SandboxOptions options) {
        super("Google", options, new TokenFormat("4/0A", 73, "ya29.a0", 220, "1//0", 103), client(options));
        this.apis = new GoogleApis(this, store(), this::listFixture);
        this.serviceAccounts = new GoogleServiceAccounts(options.clock());
    }

    /** Starts a sandbox with {@link SandboxOptions#defaults()}. */
    public static GoogleSandbox start() {
        return start(SandboxOptions.defaults());
    }

    /** Starts a sandbox on 127.0.0.1 and an ephemeral port. */
    public static GoogleSandbox start(SandboxOptions options) {
        GoogleSandbox sandbox = new GoogleSandbox(options);
        sandbox.listen();
        return sandbox;
    }

    private static RegisteredClient client(SandboxOptions options) {
        String id = options.clientId() != null
                ? options.clientId()
                : "123456789012-"
                        + TokenFormat.generate(new java.security.SecureRandom(), "", 32)
                                .toLowerCase(java.util.Locale.ROOT)
                        + ".apps.googleusercontent.com";
        String secret = options.clientSecret() != null
                ? options.clientSecret()
                : TokenFormat.generate(new java.security.SecureRandom(), "GOCSPX-", 35);
        return new RegisteredClient(id, secret, options.redirectUris(), "Sandbox App");
    }

    // ---- Knobs ----

    /** The consent screen's publishing status (decides the 7-day refresh-token limit). */
    public void publishingStatus(GooglePublishingStatus status) {
        this.publishingStatus = Objects.requireNonNull(status, "status");
    }

    /**
     * The user grants time-based access instead of ongoing access: code exchanges then carry
     * {@code refresh_token_expires_in} and the refresh token dies after {@code duration}. {@code null} turns it off.
     */
    public void timeBasedAccess(Duration duration) {
        this.timeBasedAccess = duration;
    }

    /**
     * 400 {@code invalid_grant} with {@code error_subtype: invalid_rapt} (GCP session control), for the token
     * endpoint.
     */
    public Fault invalidRapt() {
        return Fault.respond("Google invalid_rapt", GoogleErrors.invalidRapt());
    }

    /** 403 with reason {@code userRateLimitExceeded}, for API endpoints. */
    public Fault userRateLimitExceeded() {
        return Fault.respond(
                "Google 403 userRateLimitExceeded",
                GoogleErrors.api(403, "User Rate Limit Exceeded", "usageLimits", "userRateLimitExceeded", null));
    }

    /** 403 with reason {@code rateLimitExceeded}, for API endpoints. */
    public Fault rateLimitExceeded() {
        return Fault.respond(
                "Google 403 rateLimitExceeded",
                GoogleErrors.api(403, "Rate Limit Exceeded", "usageLimits", "rateLimitExceeded", null));
    }

    /** Signs this sandbox's ID tokens (RS256) and publishes the key at the JWK Set URI; tests spoil or rotate it. */
    public IdTokenSigner idTokens() {
        return idTokens;
    }

    /** 429 "Too many requests" (no rate-limit headers), for API endpoints. */
    public Fault tooManyRequests() {
        return Fault.respond(
                "Google 429",
                GoogleErrors.api(429, "Too many requests", "usageLimits", "rateLimitExceeded", "RESOURCE_EXHAUSTED"));
    }

    // ---- Endpoint URLs ----

    @Override
    public URI authorizationEndpoint() {
        return url("/o/oauth2/v2/auth");
    }

    @Override
    public URI tokenEndpoint() {
        return url("/token");
    }

    public URI revocationEndpoint() {
        return url("/revoke");
    }

    public URI userInfoEndpoint() {
        return url("/v1/userinfo");
    }

    public URI discoveryUrl() {
        return url("/.well-known/openid-configuration");
    }

    public URI jwksUri() {
        return url("/oauth2/v3/certs");
    }

    /** The issuer in discovery and ID tokens: this server's base URL (the real one is https://accounts.google.com). */
    public String issuer() {
        return baseUrl().toString();
    }

    /** The Drive files list, {@code GET /drive/v3/files}. */
    public URI driveFilesUrl() {
        return url("/drive/v3/files");
    }

    // ---- Provider rules ----

    @Override
    protected List<Route> routes() {
        return List.of(
                Route.get("/.well-known/openid-configuration", Endpoint.DISCOVERY, this::discovery),
                new Route(Set.of("GET", "POST"), "/o/oauth2/v2/auth", Endpoint.AUTHORIZATION, this::authorize),
                Route.post("/token", Endpoint.TOKEN, this::token),
                Route.post("/oauth2/v4/token", Endpoint.TOKEN, this::token),
                Route.post("/o/oauth2/token", Endpoint.TOKEN, this::token),
                Route.post("/revoke", Endpoint.REVOCATION, this::revoke),
                Route.get(
                        "/revoke",
                        Endpoint.REVOCATION,
                        request -> SandboxResponse.html(404, "<!DOCTYPE html><title>Error 404 (Not Found)!!1</title>")),
                Route.get("/v1/userinfo", Endpoint.USERINFO, apis::userInfo),
                Route.get("/oauth2/v3/userinfo", Endpoint.USERINFO, apis::userInfo),
                Route.get("/oauth2/v3/certs", Endpoint.KEYS, request -> SandboxResponse.json(200, idTokens.jwks())),
                Route.get("/drive/v3/files", Endpoint.API, apis::driveFiles));
    }

    @Override
    protected AuthorizationRules authorizationRules() {
        return new AuthorizationRules(true, true, false, true, false, Set.of("plain", "S256"), "consent_required");
    }

    @Override
    protected SandboxUser newUser(String login, int sequence) {
        String sub = String.format("1%020d", Math.abs(random().nextLong()) % 100_000_000_000_000_000L);
        String name = Character.toUpperCase(login.charAt(0)) + login.substring(1) + " Example";
        return new SandboxUser(sub, login, name, login + "@example.com");
    }

    @Override
    protected TokenPolicy tokenPolicy(Set<String> scopes) {
        Duration fixed = timeBasedAccess;
        if (fixed == null
                && publishingStatus == GooglePublishingStatus.TESTING
                && !BASIC_PROFILE_SCOPES.containsAll(scopes)) {
            fixed = TESTING_LIFETIME;
        }
        return new TokenPolicy(
                ACCESS_TOKEN_LIFETIME, RefreshRotation.NONE, Duration.ZERO, fixed, false, IDLE_LIFETIME, false, 100);
    }

    @Override
    protected Set<String> defaultScopes() {
        return Scopes.copyOf(List.of("openid", "email", "profile", "https://www.googleapis.com/auth/drive.readonly"));
    }

    @Override
    protected Set<String> grantedScopes(
            Set<String> approved, Set<String> previouslyGranted, Map<String, String> parameters) {
        return "true".equals(parameters.get("include_granted_scopes"))
                ? Scopes.union(previouslyGranted, approved)
                : approved;
    }

    // ---- Service accounts ----

    /** Registers a service account: assertions signed by the private half of {@code key} with {@code iss = email}. */
    public void registerServiceAccount(String email, java.security.interfaces.RSAPublicKey key) {
        serviceAccounts.register(email, key);
    }

    /**
     * Grants the service account domain-wide delegation of {@code scopes} (the Admin console's client-id + scopes
     * entry): it may then act as any user of the domain for those scopes.
     */
    public void delegateDomainWide(String email, String... scopes) {
        serviceAccounts.delegate(email, Set.of(scopes));
    }

    /** Every address of the sandbox's Workspace domain is a user; any other is not. */
    private static boolean knownEmail(String email) {
        return email.endsWith("@" + WORKSPACE_DOMAIN) && email.indexOf('@') > 0;
    }

    // ---- Handlers ----

    private SandboxResponse token(SandboxRequest request) {
        if (JWT_BEARER.equals(request.form().get("grant_type"))) {
            return serviceAccounts.grant(
                    request.form(),
                    tokenEndpoint(),
                    GoogleSandbox::knownEmail,
                    (principal, scopes) -> issueAppToken(principal, scopes, GoogleServiceAccounts.TOKEN_LIFETIME));
        }
        ClientAuthentication auth = authenticateClient(
                request, Set.of(ClientAuthentication.Method.BASIC, ClientAuthentication.Method.POST));
        if (!auth.succeeded()) {
            return switch (auth.failure()) {
                case NO_CREDENTIALS -> GoogleErrors.oauth(400, "invalid_request", "client_secret is missing.");
                case UNKNOWN_CLIENT -> GoogleErrors.oauth(401, "invalid_client", "The OAuth client was not found.");
                default -> GoogleErrors.oauth(401, "invalid_client", "Unauthorized");
            };
        }
        Map<String, String> form = request.form();
        String grantType = form.get("grant_type");
        if ("authorization_code".equals(grantType)) {
            return exchangeCode(form, auth.client());
        }
        if ("refresh_token".equals(grantType)) {
            return refresh(form, auth.client());
        }
        return GoogleErrors.oauth(
                400, "unsupported_grant_type", "Invalid grant_type: " + (grantType == null ? "" : grantType));
    }

    private SandboxResponse exchangeCode(Map<String, String> form, RegisteredClient client) {
        if (form.get("code") == null) {
            return GoogleErrors.oauth(400, "invalid_request", "Missing required parameter: code");
        }
        CodeRedemption redemption = store().redeemCode(
                        form.get("code"),
                        client.clientId(),
                        form.get("redirect_uri"),
                        false,
                        form.get("code_verifier"),
                        CODE_LIFETIME);
        if (!redemption.succeeded()) {
            return switch (redemption.failure()) {
                case REDIRECT_URI_MISMATCH -> GoogleErrors.oauth(400, "redirect_uri_mismatch", "Bad Request");
                case VERIFIER_MISSING -> GoogleErrors.oauth(400, "invalid_grant", "Missing code verifier.");
                case VERIFIER_MISMATCH -> GoogleErrors.oauth(400, "invalid_grant", "Invalid code verifier.");
                default -> GoogleErrors.oauth(400, "invalid_grant", "Bad Request");
            };
        }
        var code = redemption.code();
        boolean offline = "offline".equals(code.parameters().get("access_type"));
        TokenIssuance issuance = store().issueTokens(
                        code.grantId(), code.scopes(), tokenPolicy(code.scopes()), offline && code.consentShown());
        return tokenResponse(issuance, client, code.parameters().get("nonce"), true);
    }

    private SandboxResponse refresh(Map<String, String> form, RegisteredClient client) {
        String value = form.get("refresh_token");
        if (value == null) {
            return GoogleErrors.oauth(400, "invalid_request", "Missing required parameter: refresh_token");
        }
        Set<String> presentedScopes =
                store().refreshToken(value).map(RefreshToken::scopes).orElse(Set.of());
        RefreshResult result = store().refresh(
                        value, client.clientId(), Scopes.parse(form.get("scope"), false), tokenPolicy(presentedScopes));
        if (!result.succeeded()) {
            return switch (result.failure()) {
                case CLIENT_MISMATCH -> GoogleErrors.oauth(400, "unauthorized_client", "Unauthorized");
                case INVALID_SCOPE -> GoogleErrors.oauth(400, "invalid_scope", "Some requested scopes were invalid.");
                default -> GoogleErrors.oauth(400, "invalid_grant", "Token has been expired or revoked.");
            };
        }
        return tokenResponse(result.issuance(), client, null, false);
    }

    private SandboxResponse tokenResponse(
            TokenIssuance issuance, RegisteredClient client, String nonce, boolean codeExchange) {
        Instant now = clock().instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuance.accessToken().value());
        body.put("expires_in", secondsUntil(issuance.accessToken().expiresAt(), now));
        if (issuance.refreshToken() != null) {
            body.put("refresh_token", issuance.refreshToken().value());
            if (codeExchange && timeBasedAccess != null) {
                body.put(
                        "refresh_token_expires_in",
                        secondsUntil(issuance.refreshToken().expiresAt(), now));
            }
        }
        body.put("scope", Scopes.join(issuance.accessToken().scopes(), " "));
        body.put("token_type", "Bearer");
        if (issuance.accessToken().scopes().contains("openid")) {
            SandboxUser user = userById(issuance.accessToken().userId()).orElseThrow();
            body.put("id_token", idToken(user, client, nonce, now));
        }
        return SandboxResponse.json(200, body).withHeader("Cache-Control", "no-cache, no-store, max-age=0");
    }

    private String idToken(SandboxUser user, RegisteredClient client, String nonce, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("azp", client.clientId());
        claims.put("aud", client.clientId());
        claims.put("sub", user.id());
        claims.put("email", user.email());
        claims.put("email_verified", true);
        String domain = user.email().substring(user.email().indexOf('@') + 1);
        if (!"gmail.com".equals(domain)) {
            claims.put("hd", domain);
        }
        claims.put("name", user.name());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        return idTokens.sign(claims, now);
    }

    private SandboxResponse revoke(SandboxRequest request) {
        String token = request.parameters().get("token");
        if (token == null) {
            return GoogleErrors.oauth(400, "invalid_request", "Missing required parameter: token");
        }
        if (!store().revokeGrantOfToken(token, true)) {
            return GoogleErrors.oauth(400, "invalid_token", "Token expired or revoked");
        }
        return SandboxResponse.json(200, Map.of());
    }

    private SandboxResponse discovery(SandboxRequest request) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("authorization_endpoint", authorizationEndpoint().toString());
        document.put("token_endpoint", tokenEndpoint().toString());
        document.put("userinfo_endpoint", userInfoEndpoint().toString());
        document.put("revocation_endpoint", revocationEndpoint().toString());
        document.put("jwks_uri", jwksUri().toString());
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("scopes_supported", List.of("openid", "email", "profile"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        document.put(
                "claims_supported",
                List.of("aud", "email", "email_verified", "exp", "hd", "iat", "iss", "name", "sub"));
        document.put("code_challenge_methods_supported", List.of("plain", "S256"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        return SandboxResponse.json(200, document).withHeader("Cache-Control", "public, max-age=3600");
    }

    static long secondsUntil(Instant instant, Instant now) {
        return Math.max(0, Duration.between(now, instant).toSeconds());
    }
}
