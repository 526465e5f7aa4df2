package io.github.saasconnect.testkit.sandbox.microsoft;

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
import io.github.saasconnect.testkit.sandbox.internal.Html;
import io.github.saasconnect.testkit.sandbox.internal.Pkce;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Behaves like the Microsoft identity platform v2.0 (providers.md §2) plus a slice of Microsoft Graph.
 *
 * <ul>
 * <li>{@code GET|POST /{tenant}/oauth2/v2.0/authorize} and {@code POST /{tenant}/oauth2/v2.0/token}, where
 *     {@code tenant} is {@code common}, {@code organizations}, {@code consumers}, {@link #tenantId()} or
 *     {@link #tenantDomain()} (anything else: AADSTS90002).</li>
 * <li>Client auth by Basic or form fields; JSON responses with {@code ext_expires_in}; a refresh token only with
 *     {@code offline_access}, an {@code id_token} (with {@code tid}, {@code oid}, pairwise {@code sub}) only with
 *     {@code openid}, signed RS256 with the key published at {@code /{tenant}/discovery/v2.0/keys}
 *     ({@link #idTokens()}) and echoing the authorization request's {@code nonce}; PKCE {@code plain} and
 *     {@code S256}.</li>
 * <li>Every refresh returns a new refresh token and the old one stays valid; each refresh token dies after 90 days
 *     unused (AADSTS700082). Access tokens live a random 60–90 minutes unless
 *     {@link #accessTokenLifetime(Duration)} fixes it.</li>
 * <li>Errors: HTTP 400 (401 for client authentication) with {@code error}, {@code error_description} (AADSTS
 *     text), {@code error_codes}, {@code timestamp}, {@code trace_id}, {@code correlation_id}, {@code error_uri}.</li>
 * <li>Client credentials ({@code grant_type=client_credentials}, one {@code <resource>/.default} scope, a specific
 *     tenant only) with a client secret (several valid at once for rotation, AADSTS7000215 / 7000222) or a
 *     {@code private_key_jwt} assertion checked against {@link #registerCertificate registered certificates}
 *     ({@link MicrosoftAppCredentials}); {@link #foreignTenant()} knows no such app (AADSTS700016).</li>
 * <li>No revocation endpoint. Graph: {@code GET /v1.0/me}, {@code GET /v1.0/me/messages} ({@code $top},
 *     {@code @odata.nextLink} with {@code $skiptoken}, empty pages possible), {@code POST
 *     /v1.0/me/revokeSignInSessions} (kills all the user's refresh tokens); OIDC {@code GET /oidc/userinfo};
 *     discovery at {@code /{tenant}/v2.0/.well-known/openid-configuration}.</li>
 * </ul>
 */
public final class MicrosoftSandbox extends ProviderSandbox {

    static final Duration IDLE_LIFETIME = Duration.ofDays(90);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final String COMMON_ISSUER_TENANT = "{tenantid}";

    private final String tenantId = UUID.randomUUID().toString();
    private final String tenantDomain = "sandbox.onmicrosoft.com";
    private final String foreignTenant = "fabrikam.onmicrosoft.com";
    private final GraphApi graph;
    private final IdTokenSigner idTokens = new IdTokenSigner();
    private final MicrosoftAppCredentials appCredentials;
    private volatile Duration accessTokenLifetime;

    private MicrosoftSandbox(SandboxOptions options) {
        super(
                "Microsoft",
                options,
                new TokenFormat("1.AXoA", 760, "eyJ0eXAiOiJKV1QiLCJub25jZSI6", 1480, "1.AXoAsandbox", 1020),
                client(options));
        this.graph = new GraphApi(this, store(), this::listFixture);
        this.appCredentials = new MicrosoftAppCredentials(client().clientSecret());
    }

    /** Starts a sandbox with {@link SandboxOptions#defaults()}. */
    public static MicrosoftSandbox start() {
        return start(SandboxOptions.defaults());
    }

    /** Starts a sandbox on 127.0.0.1 and an ephemeral port. */
    public static MicrosoftSandbox start(SandboxOptions options) {
        MicrosoftSandbox sandbox = new MicrosoftSandbox(options);
        sandbox.listen();
        return sandbox;
    }

    private static RegisteredClient client(SandboxOptions options) {
        String id = options.clientId() != null
                ? options.clientId()
                : UUID.randomUUID().toString();
        String secret = options.clientSecret() != null
                ? options.clientSecret()
                : TokenFormat.generate(new SecureRandom(), "Sbx8Q~", 40);
        return new RegisteredClient(id, secret, options.redirectUris(), "Sandbox App");
    }

    // ---- Knobs ----

    /** Fixes the access-token lifetime; {@code null} restores the random 60–90 minutes. */
    public void accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
    }

    /**
     * A token-endpoint error in Microsoft's shape (HTTP 400, or 401 for client authentication), to queue with
     * {@code faults().nextTokenResponse}.
     */
    public Fault tokenError(MicrosoftTokenError error) {
        return Fault.respond("Microsoft " + error, tokenError(error, client().clientId(), clock().instant()));
    }

    private static SandboxResponse tokenError(MicrosoftTokenError error, String clientId, Instant now) {
        return MicrosoftErrors.token(error.status(), error.error(), error.code(), error.message(clientId), now);
    }

    /** The client secrets the app's client credentials accept from now on (a rotation has two). */
    public void appSecrets(String... valid) {
        appCredentials.secrets(List.of(valid));
    }

    /** Makes {@code secret} expired: client credentials with it answer AADSTS7000222. */
    public void expireAppSecret(String secret) {
        appCredentials.expire(secret);
    }

    /** Uploads a certificate to the app registration: client assertions signed by its key are accepted. */
    public void registerCertificate(java.security.cert.X509Certificate certificate) {
        appCredentials.register(certificate);
    }

    /** A tenant that exists but has no service principal of the app (AADSTS700016 for client credentials). */
    public String foreignTenant() {
        return foreignTenant;
    }

    /** Graph throttling: 429 with {@code Retry-After} in seconds and Graph's error body. */
    public Fault throttled(Duration retryAfter) {
        return Fault.respond(
                "Graph 429",
                MicrosoftErrors.graph(429, "TooManyRequests", "Too many requests.", clock().instant())
                        .withHeader("Retry-After", Long.toString(retryAfter.toSeconds())));
    }

    // ---- URLs ----

    /** The directory (tenant) id of this sandbox's one organisation. */
    public String tenantId() {
        return tenantId;
    }

    /** The tenant's domain name, usable in place of the id. */
    public String tenantDomain() {
        return tenantDomain;
    }

    /** The {@code common} authorization endpoint. */
    @Override
    public URI authorizationEndpoint() {
        return authorizationEndpoint("common");
    }

    public URI authorizationEndpoint(String tenant) {
        return url("/" + tenant + "/oauth2/v2.0/authorize");
    }

    /** The {@code common} token endpoint. */
    @Override
    public URI tokenEndpoint() {
        return tokenEndpoint("common");
    }

    public URI tokenEndpoint(String tenant) {
        return url("/" + tenant + "/oauth2/v2.0/token");
    }

    public URI discoveryUrl(String tenant) {
        return url("/" + tenant + "/v2.0/.well-known/openid-configuration");
    }

    /** Signs this sandbox's ID tokens (RS256) and publishes the key at the JWK Set URI; tests spoil or rotate it. */
    public IdTokenSigner idTokens() {
        return idTokens;
    }

    /** The issuer of this tenant's ID tokens. */
    public String issuer() {
        return baseUrl() + "/" + tenantId + "/v2.0";
    }

    /** A Graph v1.0 URL, e.g. {@code graphUrl("/me")}. */
    public URI graphUrl(String path) {
        return url("/v1.0" + path);
    }

    // ---- Provider rules ----

    @Override
    protected List<Route> routes() {
        return List.of(
                new Route(
                        Set.of("GET", "POST"),
                        "/{tenant}/oauth2/v2.0/authorize",
                        Endpoint.AUTHORIZATION,
                        this::authorizeInTenant),
                Route.post("/{tenant}/oauth2/v2.0/token", Endpoint.TOKEN, this::token),
                Route.get("/{tenant}/v2.0/.well-known/openid-configuration", Endpoint.DISCOVERY, this::discovery),
                Route.get(
                        "/{tenant}/discovery/v2.0/keys",
                        Endpoint.KEYS,
                        request -> SandboxResponse.json(200, idTokens.jwks())),
                Route.get("/oidc/userinfo", Endpoint.USERINFO, graph::userInfo),
                Route.get("/v1.0/me", Endpoint.API, graph::me),
                Route.get("/v1.0/me/messages", Endpoint.API, graph::messages),
                Route.post("/v1.0/me/revokeSignInSessions", Endpoint.API, graph::revokeSignInSessions));
    }

    @Override
    protected AuthorizationRules authorizationRules() {
        return new AuthorizationRules(true, true, false, false, false, Set.of("plain", "S256"), "interaction_required");
    }

    @Override
    protected SandboxUser newUser(String login, int sequence) {
        String name = Character.toUpperCase(login.charAt(0)) + login.substring(1) + " Example";
        return new SandboxUser(UUID.randomUUID().toString(), login, name, login + "@" + tenantDomain);
    }

    @Override
    protected TokenPolicy tokenPolicy(Set<String> scopes) {
        Duration lifetime =
                accessTokenLifetime != null ? accessTokenLifetime : Duration.ofSeconds(3600 + random().nextInt(1801));
        return new TokenPolicy(
                lifetime, RefreshRotation.KEEP_OLD_VALID, Duration.ZERO, null, false, IDLE_LIFETIME, false, 0);
    }

    @Override
    protected Set<String> defaultScopes() {
        return Scopes.copyOf(List.of("openid", "profile", "email", "offline_access", "User.Read", "Mail.Read"));
    }

    @Override
    protected boolean seedsRefreshToken(Set<String> scopes) {
        return scopes.contains("offline_access");
    }

    /** Revoking consent ends refresh tokens; issued access tokens live on until they expire. */
    @Override
    protected boolean revocationKillsAccessTokens() {
        return false;
    }

    private boolean knownTenant(String tenant) {
        return Set.of("common", "organizations", "consumers", tenantId, tenantDomain, foreignTenant)
                .contains(tenant);
    }

    private SandboxResponse tenantNotFound(String tenant) {
        return MicrosoftErrors.token(
                400,
                "invalid_request",
                90002,
                "Tenant '" + tenant + "' not found. Check to "
                        + "make sure you have the correct tenant ID and are signing into the correct cloud.",
                clock().instant());
    }

    // ---- Identity platform handlers ----

    private SandboxResponse authorizeInTenant(SandboxRequest request) {
        String tenant = request.pathVariable("tenant");
        if (!knownTenant(tenant)) {
            return Html.errorPage(
                    400, "Microsoft", "invalid_request", "AADSTS90002: Tenant '" + tenant + "' not found.");
        }
        return authorize(request);
    }

    private SandboxResponse token(SandboxRequest request) {
        Instant now = clock().instant();
        String tenant = request.pathVariable("tenant");
        if (!knownTenant(tenant)) {
            return tenantNotFound(tenant);
        }
        if ("client_credentials".equals(request.form().get("grant_type"))) {
            return clientCredentials(request, tenant, now);
        }
        ClientAuthentication auth = authenticateClient(
                request, Set.of(ClientAuthentication.Method.BASIC, ClientAuthentication.Method.POST));
        if (!auth.succeeded()) {
            return switch (auth.failure()) {
                case NO_CREDENTIALS ->
                    MicrosoftErrors.token(
                            401,
                            "invalid_client",
                            7000218,
                            "The request body must "
                                    + "contain the following parameter: 'client_assertion' or 'client_secret'.",
                            now);
                case UNKNOWN_CLIENT ->
                    MicrosoftErrors.token(
                            400,
                            "unauthorized_client",
                            700016,
                            "Application with "
                                    + "identifier '" + auth.clientId() + "' was not found in the directory '"
                                    + tenantDomain
                                    + "'.",
                            now);
                default -> tokenError(MicrosoftTokenError.INVALID_CLIENT_SECRET, auth.clientId(), now);
            };
        }
        Map<String, String> form = request.form();
        String grantType = form.get("grant_type");
        if ("authorization_code".equals(grantType)) {
            return exchangeCode(form, auth.client(), now);
        }
        if ("refresh_token".equals(grantType)) {
            return refresh(form, auth.client(), now);
        }
        return MicrosoftErrors.token(
                400,
                "unsupported_grant_type",
                70003,
                "The app requested an unsupported grant " + "type '" + (grantType == null ? "" : grantType) + "'.",
                now);
    }

    private SandboxResponse clientCredentials(SandboxRequest request, String tenant, Instant now) {
        if (Set.of("common", "organizations", "consumers").contains(tenant)) {
            return MicrosoftErrors.token(
                    400,
                    "invalid_request",
                    9001023,
                    "The grant type isn't supported over the /common or /consumers endpoints. Please use the "
                            + "/organizations or tenant-specific endpoint.",
                    now);
        }
        String clientId = request.basicCredentials()
                .map(SandboxRequest.BasicCredentials::clientId)
                .orElse(request.form().get("client_id"));
        RegisteredClient client = client(clientId);
        if (client == null || tenant.equals(foreignTenant)) {
            return MicrosoftErrors.token(
                    400,
                    "unauthorized_client",
                    700016,
                    "Application with identifier '" + clientId + "' was not found in the directory '" + tenant + "'.",
                    now);
        }
        var refused = appCredentials.authenticate(request, client, tokenEndpoint(tenant), now);
        if (refused.isPresent()) {
            return refused.get();
        }
        String scope = request.form().get("scope");
        if (scope == null || scope.isBlank() || scope.strip().contains(" ") || !scope.endsWith("/.default")) {
            return MicrosoftErrors.token(
                    400,
                    "invalid_scope",
                    1002012,
                    "The provided value for scope " + scope + " is not valid. Client credential flows must have a "
                            + "scope value with /.default suffixed to the resource identifier (application ID URI).",
                    now);
        }
        Duration lifetime = accessTokenLifetime != null ? accessTokenLifetime : Duration.ofSeconds(3599);
        TokenIssuance issuance = issueAppToken("service-principal-" + client.clientId(), Set.of(scope), lifetime);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", lifetime.toSeconds());
        body.put("ext_expires_in", lifetime.toSeconds());
        body.put("access_token", issuance.accessToken().value());
        return SandboxResponse.json(200, body).withHeader("Cache-Control", "no-store, no-cache");
    }

    private SandboxResponse exchangeCode(Map<String, String> form, RegisteredClient client, Instant now) {
        CodeRedemption redemption = store().redeemCode(
                        form.get("code"),
                        client.clientId(),
                        form.get("redirect_uri"),
                        false,
                        form.get("code_verifier"),
                        CODE_LIFETIME);
        if (!redemption.succeeded()) {
            return switch (redemption.failure()) {
                case ALREADY_REDEEMED ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_grant",
                            54005,
                            "OAuth2 Authorization "
                                    + "code was already redeemed, please retry with a new valid code or use an existing refresh "
                                    + "token.",
                            now);
                case EXPIRED ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_grant",
                            70008,
                            "The provided authorization code "
                                    + "or refresh token has expired due to inactivity. Send a new interactive authorization "
                                    + "request for this user and resource.",
                            now);
                case REDIRECT_URI_MISMATCH ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_grant",
                            500112,
                            "The reply address "
                                    + "does not match the reply address provided when requesting the authorization code.",
                            now);
                case VERIFIER_MISSING, VERIFIER_MISMATCH ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_grant",
                            501481,
                            "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
                            now);
                case GRANT_REVOKED -> revoked(now);
                default ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_grant",
                            70000,
                            "The provided value for the 'code' " + "parameter is not valid.",
                            now);
            };
        }
        var code = redemption.code();
        TokenIssuance issuance = store().issueTokens(
                        code.grantId(),
                        code.scopes(),
                        tokenPolicy(code.scopes()),
                        code.scopes().contains("offline_access"));
        return tokenResponse(issuance, client, code.parameters().get("nonce"), now);
    }

    private SandboxResponse refresh(Map<String, String> form, RegisteredClient client, Instant now) {
        String value = form.get("refresh_token");
        if (value == null) {
            return MicrosoftErrors.token(
                    400,
                    "invalid_request",
                    900144,
                    "The request body must contain the " + "following parameter: 'refresh_token'.",
                    now);
        }
        Set<String> presentedScopes =
                store().refreshToken(value).map(RefreshToken::scopes).orElse(Set.of());
        RefreshResult result = store().refresh(
                        value, client.clientId(), Scopes.parse(form.get("scope"), false), tokenPolicy(presentedScopes));
        if (!result.succeeded()) {
            return switch (result.failure()) {
                case EXPIRED, IDLE_EXPIRED ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_grant",
                            700082,
                            "The refresh token "
                                    + "has expired due to inactivity. The token was issued on "
                                    + result.presented().issuedAt()
                                    + " and was inactive for 90.00:00:00.",
                            now);
                case REVOKED -> revoked(now);
                case INVALID_SCOPE ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_scope",
                            70011,
                            "The provided value for the " + "input parameter 'scope' is not valid.",
                            now);
                default ->
                    MicrosoftErrors.token(
                            400,
                            "invalid_grant",
                            9002313,
                            "Invalid request. Request is " + "malformed or invalid.",
                            now);
            };
        }
        return tokenResponse(result.issuance(), client, null, now);
    }

    private SandboxResponse revoked(Instant now) {
        return MicrosoftErrors.token(
                400,
                "invalid_grant",
                50173,
                "The provided grant has expired due to it being "
                        + "revoked, a fresh auth token is needed. The user might have changed or reset their password.",
                now);
    }

    private SandboxResponse tokenResponse(TokenIssuance issuance, RegisteredClient client, String nonce, Instant now) {
        long expiresIn =
                Duration.between(now, issuance.accessToken().expiresAt()).toSeconds();
        Set<String> scopes = new LinkedHashSet<>(issuance.accessToken().scopes());
        scopes.remove("offline_access");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("scope", Scopes.join(scopes, " "));
        body.put("expires_in", expiresIn);
        body.put("ext_expires_in", expiresIn);
        body.put("access_token", issuance.accessToken().value());
        if (issuance.refreshToken() != null) {
            body.put("refresh_token", issuance.refreshToken().value());
        }
        if (issuance.accessToken().scopes().contains("openid")) {
            SandboxUser user = userById(issuance.accessToken().userId()).orElseThrow();
            body.put("id_token", idToken(user, client, nonce, now));
        }
        return SandboxResponse.json(200, body).withHeader("Cache-Control", "no-store, no-cache");
    }

    private String idToken(SandboxUser user, RegisteredClient client, String nonce, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", client.clientId());
        claims.put("iss", issuer());
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
        claims.put("name", user.name());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        claims.put("oid", user.id());
        claims.put("preferred_username", user.email());
        claims.put("sub", pairwiseSubject(user, client));
        claims.put("tid", tenantId);
        claims.put("ver", "2.0");
        return idTokens.sign(claims, now);
    }

    /** {@code sub} is pairwise: the same user has a different {@code sub} for each application. */
    static String pairwiseSubject(SandboxUser user, RegisteredClient client) {
        return Pkce.s256(user.id() + "." + client.clientId()).substring(0, 43);
    }

    private SandboxResponse discovery(SandboxRequest request) {
        String tenant = request.pathVariable("tenant");
        if (!knownTenant(tenant)) {
            return tenantNotFound(tenant);
        }
        boolean multi = Set.of("common", "organizations", "consumers").contains(tenant);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("token_endpoint", tokenEndpoint(tenant).toString());
        document.put(
                "token_endpoint_auth_methods_supported",
                List.of("client_secret_post", "private_key_jwt", "client_secret_basic"));
        document.put("jwks_uri", url("/" + tenant + "/discovery/v2.0/keys").toString());
        document.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        document.put("subject_types_supported", List.of("pairwise"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("response_types_supported", List.of("code"));
        document.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        document.put("issuer", baseUrl() + "/" + (multi ? COMMON_ISSUER_TENANT : tenantId) + "/v2.0");
        document.put("authorization_endpoint", authorizationEndpoint(tenant).toString());
        document.put("userinfo_endpoint", url("/oidc/userinfo").toString());
        document.put(
                "claims_supported",
                List.of("sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "oid", "tid", "ver"));
        document.put("tenant_region_scope", "EU");
        document.put("cloud_instance_name", "microsoftonline.com");
        return SandboxResponse.json(200, document);
    }

    // ---- Graph handlers ----

}
