package io.github.saasconnect.testkit.sandbox.bitbucket;

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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Behaves like Bitbucket Cloud's OAuth 2.0 (providers.md §5, after the 2026 changes) plus a slice of the 2.0 API.
 *
 * <ul>
 * <li>{@code GET|POST /site/oauth2/authorize}: scopes come from the consumer ({@link #consumerScopes(String...)}),
 *     not the request; a {@code redirect_uri} must extend the registered callback.</li>
 * <li>{@code POST /site/oauth2/access_token}: HTTP Basic only, form body only (a JSON body gives 400
 *     {@code invalid_grant} "Unsupported grant type: None"). JSON answer with {@code access_token} (over 2,500
 *     characters), {@code scopes} (or {@code scope}, see {@link #scopeField(BitbucketScopeField)}),
 *     {@code expires_in} 7200, {@code refresh_token}, {@code token_type} {@code bearer} and {@code state} echoing
 *     the grant type.</li>
 * <li>Every refresh returns a new refresh token; the old one keeps working for 10 minutes after its first use
 *     ({@link #rotationGrace(Duration)}); a refresh token unused for 3 months (90 days) is dead. Errors are 400
 *     {@code invalid_grant} (see {@link #tokenErrorStatus(int)}).</li>
 * <li>API: {@code GET /2.0/user} ({@code uuid}, {@code account_id}), {@code GET /2.0/repositories/{workspace}}
 *     ({@code values}, {@code next}, {@code pagelen}, {@code page}, {@code size}). Bearer header only; an expired
 *     token gets 401 "Access token expired...". Over the hourly limit: 429 with no rate-limit headers.</li>
 * <li>No revocation endpoint; {@link #revokeGrant(SandboxUser)} stands for the user revoking access in settings.</li>
 * </ul>
 */
public final class BitbucketSandbox extends ProviderSandbox {

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(2);
    static final Duration IDLE_LIFETIME = Duration.ofDays(90);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

    private final BitbucketApi api;
    private volatile BitbucketScopeField scopeField = BitbucketScopeField.SCOPES;
    private volatile Set<String> consumerScopes = Scopes.copyOf(List.of("account", "repository"));
    private volatile Duration rotationGrace = Duration.ofMinutes(10);
    private volatile int tokenErrorStatus = 400;

    private BitbucketSandbox(SandboxOptions options) {
        super(
                "Bitbucket",
                options,
                new TokenFormat("", 18, "ATCTT3xFfGN0", 2_712, "ATCRT3xFfGN0", 2_608),
                client(options));
        this.api = new BitbucketApi(this, store(), options.clock(), this::listFixture);
    }

    /** Starts a sandbox with {@link SandboxOptions#defaults()}. */
    public static BitbucketSandbox start() {
        return start(SandboxOptions.defaults());
    }

    /** Starts a sandbox on 127.0.0.1 and an ephemeral port. */
    public static BitbucketSandbox start(SandboxOptions options) {
        BitbucketSandbox sandbox = new BitbucketSandbox(options);
        sandbox.listen();
        return sandbox;
    }

    private static RegisteredClient client(SandboxOptions options) {
        SecureRandom random = new SecureRandom();
        String id = options.clientId() != null ? options.clientId() : TokenFormat.generate(random, "", 18);
        String secret = options.clientSecret() != null ? options.clientSecret() : TokenFormat.generate(random, "", 32);
        return new RegisteredClient(id, secret, options.redirectUris(), "Sandbox Consumer");
    }

    // ---- Knobs ----

    /** Which field carries the granted scopes: {@code scopes} (default) or {@code scope} (the 2026 name). */
    public void scopeField(BitbucketScopeField field) {
        this.scopeField = Objects.requireNonNull(field, "field");
    }

    /** The permissions ticked on the consumer; every token gets exactly these. */
    public void consumerScopes(String... scopes) {
        this.consumerScopes = Scopes.copyOf(List.of(scopes));
    }

    /** How long a used refresh token keeps working (10 minutes by default). */
    public void rotationGrace(Duration grace) {
        this.rotationGrace = Objects.requireNonNull(grace, "grace");
    }

    /** HTTP status of token-endpoint errors (400 by default; unverified upstream). */
    public void tokenErrorStatus(int status) {
        this.tokenErrorStatus = status;
    }

    /** API requests per hour per user (1000 by default, as for {@code /2.0/repositories/*}). */
    public void rateLimit(int limit) {
        api.rateLimit(limit);
    }

    /** 429 "Rate limit for this resource has been exceeded" with no rate-limit headers, for API endpoints. */
    public Fault rateLimited() {
        return Fault.respond("Bitbucket 429", rateLimitedResponse());
    }

    static SandboxResponse rateLimitedResponse() {
        return BitbucketErrors.api(429, "Rate limit for this resource has been exceeded");
    }

    // ---- URLs ----

    @Override
    public URI authorizationEndpoint() {
        return url("/site/oauth2/authorize");
    }

    @Override
    public URI tokenEndpoint() {
        return url("/site/oauth2/access_token");
    }

    /** A 2.0 API URL, e.g. {@code apiUrl("/user")}. */
    public URI apiUrl(String path) {
        return url("/2.0" + path);
    }

    // ---- Provider rules ----

    @Override
    protected List<Route> routes() {
        return List.of(
                new Route(Set.of("GET", "POST"), "/site/oauth2/authorize", Endpoint.AUTHORIZATION, this::authorize),
                Route.post("/site/oauth2/access_token", Endpoint.TOKEN, this::token),
                Route.get("/2.0/user", Endpoint.API, api::user),
                Route.get("/2.0/repositories/{workspace}", Endpoint.API, api::repositories));
    }

    @Override
    protected AuthorizationRules authorizationRules() {
        return new AuthorizationRules(true, false, true, false, false, Set.of("plain", "S256"), null);
    }

    @Override
    protected SandboxUser newUser(String login, int sequence) {
        String name = Character.toUpperCase(login.charAt(0)) + login.substring(1) + " Example";
        return new SandboxUser("{" + UUID.randomUUID() + "}", login, name, login + "@example.com");
    }

    @Override
    protected TokenPolicy tokenPolicy(Set<String> scopes) {
        return new TokenPolicy(
                ACCESS_TOKEN_LIFETIME,
                RefreshRotation.GRACE_PERIOD,
                rotationGrace,
                null,
                false,
                IDLE_LIFETIME,
                false,
                0);
    }

    @Override
    protected Set<String> defaultScopes() {
        return consumerScopes;
    }

    @Override
    protected Set<String> grantedScopes(
            Set<String> approved, Set<String> previouslyGranted, Map<String, String> parameters) {
        return consumerScopes;
    }

    /** The user's {@code account_id}, derived from the {@code uuid}. */
    public static String accountId(SandboxUser user) {
        return "557058:" + UUID.nameUUIDFromBytes(user.id().getBytes(StandardCharsets.UTF_8));
    }

    // ---- Token endpoint ----

    private SandboxResponse token(SandboxRequest request) {
        ClientAuthentication auth = authenticateClient(request, Set.of(ClientAuthentication.Method.BASIC));
        if (!auth.succeeded()) {
            return BitbucketErrors.oauth(401, "invalid_client", "Invalid OAuth client credentials");
        }
        Map<String, String> form = request.form();
        String grantType = form.get("grant_type");
        if ("authorization_code".equals(grantType)) {
            CodeRedemption redemption = store().redeemCode(
                            form.get("code"),
                            auth.client().clientId(),
                            form.get("redirect_uri"),
                            true,
                            form.get("code_verifier"),
                            CODE_LIFETIME);
            if (!redemption.succeeded()) {
                return BitbucketErrors.oauth(
                        tokenErrorStatus, "invalid_grant", "The authorization code is invalid or has expired.");
            }
            var code = redemption.code();
            return tokenResponse(
                    store().issueTokens(code.grantId(), code.scopes(), tokenPolicy(code.scopes()), true), grantType);
        }
        if ("refresh_token".equals(grantType)) {
            RefreshResult result = store().refresh(
                            form.get("refresh_token"), auth.client().clientId(), Set.of(), tokenPolicy(Set.of()));
            if (!result.succeeded()) {
                return BitbucketErrors.oauth(tokenErrorStatus, "invalid_grant", "Invalid refresh_token");
            }
            return tokenResponse(result.issuance(), grantType);
        }
        return BitbucketErrors.oauth(
                400, "invalid_grant", "Unsupported grant type: " + (grantType == null ? "None" : grantType));
    }

    private SandboxResponse tokenResponse(TokenIssuance issuance, String grantType) {
        Instant now = clock().instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuance.accessToken().value());
        body.put(scopeField.fieldName(), Scopes.join(issuance.accessToken().scopes(), " "));
        body.put(
                "expires_in",
                Duration.between(now, issuance.accessToken().expiresAt()).toSeconds());
        body.put("refresh_token", issuance.refreshToken().value());
        body.put("token_type", "bearer");
        body.put("state", grantType);
        return SandboxResponse.json(200, body);
    }

    // ---- API ----

}
