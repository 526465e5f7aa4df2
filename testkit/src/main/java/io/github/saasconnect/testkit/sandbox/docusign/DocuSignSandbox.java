package io.github.saasconnect.testkit.sandbox.docusign;

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
import io.github.saasconnect.testkit.sandbox.internal.RefreshToken;
import io.github.saasconnect.testkit.sandbox.internal.Route;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.Scopes;
import io.github.saasconnect.testkit.sandbox.internal.TokenFormat;
import io.github.saasconnect.testkit.sandbox.internal.TokenIssuance;
import io.github.saasconnect.testkit.sandbox.internal.TokenPolicy;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Behaves like DocuSign's Account Server on the demo environment (providers.md §4) plus a slice of the eSignature
 * REST API.
 *
 * <ul>
 * <li>{@code GET|POST /oauth/auth}: {@code response_type=code}, {@code redirect_uri} required.</li>
 * <li>{@code POST /oauth/token}: HTTP Basic (integration key : secret key) required; client credentials in the
 *     body give {@code invalid_client}; a wrong secret gives {@code invalid_grant} / {@code expired_client_token}.
 *     JSON {@code access_token}, {@code token_type} {@code Bearer}, {@code refresh_token}, {@code expires_in}
 *     28800. Every refresh returns a new refresh token and the old one is dead (strict, as providers.md advises to
 *     assume). Refresh tokens live 30 days; only with the {@code extended} scope does each new one get a full 30
 *     days, otherwise it keeps the first one's expiry. Errors: HTTP 400 (see {@link #tokenErrorStatus(int)}).</li>
 * <li>{@code GET /oauth/userinfo}: {@code sub}, {@code name}, {@code email} and {@code accounts[]} with
 *     {@code account_id}, {@code is_default}, {@code account_name} and {@code base_uri} = this server.</li>
 * <li>{@code GET /restapi/v2.1/accounts/{accountId}} and {@code .../envelopes} ({@code start_position}/
 *     {@code count}; {@code resultSetSize}, {@code startPosition}, {@code endPosition}, {@code totalSetSize},
 *     {@code nextUri}, {@code previousUri}); {@code X-RateLimit-Limit/Remaining/Reset} (hourly per account, 3000)
 *     and {@code X-BurstLimit-Limit/Remaining} (per 30 s, 200 as on demo); over a limit:
 *     {@code HOURLY_APIINVOCATION_LIMIT_EXCEEDED} (or the burst equivalent) until the window resets.</li>
 * <li>JWT grant ({@link DocuSignJwtGrants}): {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer} with
 *     an assertion signed by the key of {@link #appPublicKey}, for users who {@link #consentToImpersonation
 *     consented}; {@code consent_required} for those who did not; an hour's access token, no refresh token.</li>
 * <li>No revocation endpoint: {@link #revokeGrant(SandboxUser)} (revoked consent) kills refresh tokens, but issued
 *     access tokens keep working until they expire.</li>
 * </ul>
 */
public final class DocuSignSandbox extends ProviderSandbox {

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(8);
    static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
    private static final String REST_PREFIX = ESignatureApi.REST_PREFIX;
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final Map<String, List<DocuSignAccount>> accounts = new LinkedHashMap<>();
    private final DocuSignLimits limits;
    private final ESignatureApi api;
    private final DocuSignJwtGrants jwtGrants;
    private volatile int tokenErrorStatus = 400;

    private DocuSignSandbox(SandboxOptions options) {
        super(
                "DocuSign",
                options,
                new TokenFormat(
                        "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.",
                        520,
                        "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.",
                        760,
                        "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.",
                        770),
                client(options));
        this.limits = new DocuSignLimits(options.clock());
        this.api = new ESignatureApi(this, store(), limits, this::listFixture);
        this.jwtGrants = new DocuSignJwtGrants(options.clock());
    }

    /** Starts a sandbox with {@link SandboxOptions#defaults()}. */
    public static DocuSignSandbox start() {
        return start(SandboxOptions.defaults());
    }

    /** Starts a sandbox on 127.0.0.1 and an ephemeral port. */
    public static DocuSignSandbox start(SandboxOptions options) {
        DocuSignSandbox sandbox = new DocuSignSandbox(options);
        sandbox.listen();
        return sandbox;
    }

    private static RegisteredClient client(SandboxOptions options) {
        String id = options.clientId() != null
                ? options.clientId()
                : UUID.randomUUID().toString();
        String secret = options.clientSecret() != null
                ? options.clientSecret()
                : UUID.randomUUID().toString();
        return new RegisteredClient(id, secret, options.redirectUris(), "Sandbox Integration");
    }

    // ---- Knobs ----

    /** HTTP status of token-endpoint errors (400 by default; unverified upstream). */
    public void tokenErrorStatus(int status) {
        this.tokenErrorStatus = status;
    }

    /** HTTP status of hourly and burst limit errors: 400 (default) or 429; both are reported upstream. */
    public void limitErrorStatus(int status) {
        limits.errorStatus(status);
    }

    /** API calls per hour per account (3000 by default). */
    public void hourlyLimit(int limit) {
        limits.hourlyLimit(limit);
    }

    /** API calls per 30 seconds per account (200 by default, as on demo; production allows 500). */
    public void burstLimit(int limit) {
        limits.burstLimit(limit);
    }

    /** The user's accounts; the first call creates one default account. */
    public synchronized List<DocuSignAccount> accounts(SandboxUser user) {
        return List.copyOf(accountsOf(user));
    }

    private List<DocuSignAccount> accountsOf(SandboxUser user) {
        return accounts.computeIfAbsent(user.id(), id -> new ArrayList<>(List.of(newAccount(user, true))));
    }

    /** Adds another account to the user (made the default if {@code isDefault}). */
    public synchronized DocuSignAccount addAccount(SandboxUser user, String name, boolean isDefault) {
        return addAccount(user, name, isDefault, baseUrl().toString());
    }

    /**
     * Adds another account whose userinfo entry names {@code baseUri} as its API host, as a tampered or misread
     * userinfo answer would; the sandbox serves no API there.
     */
    public synchronized DocuSignAccount addAccount(SandboxUser user, String name, boolean isDefault, String baseUri) {
        List<DocuSignAccount> current = accountsOf(user);
        DocuSignAccount account = new DocuSignAccount(UUID.randomUUID().toString(), name, isDefault, baseUri);
        if (isDefault) {
            current.replaceAll(existing ->
                    new DocuSignAccount(existing.accountId(), existing.accountName(), false, existing.baseUri()));
        }
        current.add(account);
        return account;
    }

    /**
     * Registers the public half of the integration key's RSA keypair (Apps and Keys > RSA keypairs): JWT grant
     * assertions of the default client must be signed by its private half.
     */
    public void appPublicKey(RSAPublicKey key) {
        jwtGrants.key(client().clientId(), key);
    }

    /** The user grants the integration key {@code signature impersonation}, as on the consent page. */
    public void consentToImpersonation(SandboxUser user) {
        jwtGrants.consent(user);
    }

    /** The user (or an administrator) withdraws that consent: JWT grants for the user get {@code consent_required}. */
    public void withdrawImpersonationConsent(SandboxUser user) {
        jwtGrants.withdrawConsent(user);
    }

    /** What a JWT grant assertion's {@code aud} must be: the Account Server's bare host (here with its port). */
    public String jwtAudience() {
        return baseUrl().getAuthority();
    }

    /** The hourly limit error, to queue for API endpoints. */
    public Fault hourlyLimitExceeded() {
        return Fault.respond("DocuSign hourly limit", limits.hourlyLimitExceeded());
    }

    private DocuSignAccount newAccount(SandboxUser user, boolean isDefault) {
        return new DocuSignAccount(
                UUID.randomUUID().toString(),
                user.name() + "'s Account",
                isDefault,
                baseUrl().toString());
    }

    // ---- URLs ----

    @Override
    public URI authorizationEndpoint() {
        return url("/oauth/auth");
    }

    @Override
    public URI tokenEndpoint() {
        return url("/oauth/token");
    }

    public URI userInfoEndpoint() {
        return url("/oauth/userinfo");
    }

    /** The envelopes list of an account. */
    public URI envelopesUrl(String accountId) {
        return url(REST_PREFIX + accountId + "/envelopes");
    }

    // ---- Provider rules ----

    @Override
    protected List<Route> routes() {
        return List.of(
                new Route(Set.of("GET", "POST"), "/oauth/auth", Endpoint.AUTHORIZATION, this::authorize),
                Route.post("/oauth/token", Endpoint.TOKEN, this::token),
                Route.get("/oauth/userinfo", Endpoint.USERINFO, api::userInfo),
                Route.get(REST_PREFIX + "{accountId}", Endpoint.API, api::account),
                Route.get(REST_PREFIX + "{accountId}/envelopes", Endpoint.API, api::envelopes));
    }

    @Override
    protected AuthorizationRules authorizationRules() {
        return new AuthorizationRules(true, true, false, false, false, Set.of("plain", "S256"), null);
    }

    @Override
    protected SandboxUser newUser(String login, int sequence) {
        String name = Character.toUpperCase(login.charAt(0)) + login.substring(1) + " Example";
        return new SandboxUser(UUID.randomUUID().toString(), login, name, login + "@example.com");
    }

    @Override
    protected TokenPolicy tokenPolicy(Set<String> scopes) {
        return new TokenPolicy(
                ACCESS_TOKEN_LIFETIME,
                RefreshRotation.STRICT,
                Duration.ZERO,
                REFRESH_TOKEN_LIFETIME,
                !scopes.contains("extended"),
                null,
                false,
                0);
    }

    @Override
    protected Set<String> defaultScopes() {
        return Scopes.copyOf(List.of("signature", "extended"));
    }

    /** Revoking consent invalidates refresh tokens; live access tokens keep working until they expire. */
    @Override
    protected boolean revocationKillsAccessTokens() {
        return false;
    }

    // ---- Token endpoint ----

    private SandboxResponse token(SandboxRequest request) {
        if (JWT_BEARER.equals(request.form().get("grant_type"))) {
            // the signed assertion authenticates the integration key; no secret (providers.md §4.3)
            return jwtGrants.grant(
                    request.form(),
                    jwtAudience(),
                    this::userById,
                    (user, scopes) -> issueAppToken(user.login(), scopes, DocuSignJwtGrants.TOKEN_LIFETIME));
        }
        ClientAuthentication auth = authenticateClient(request, Set.of(ClientAuthentication.Method.BASIC));
        if (!auth.succeeded()) {
            if (auth.failure() == ClientAuthentication.Failure.WRONG_SECRET) {
                return DocuSignErrors.oauth(tokenErrorStatus, "invalid_grant", "expired_client_token");
            }
            return DocuSignErrors.oauth(tokenErrorStatus, "invalid_client", null);
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
                return DocuSignErrors.oauth(tokenErrorStatus, "invalid_grant", null);
            }
            var code = redemption.code();
            return tokenResponse(store().issueTokens(code.grantId(), code.scopes(), tokenPolicy(code.scopes()), true));
        }
        if ("refresh_token".equals(grantType)) {
            String value = form.get("refresh_token");
            Set<String> scopes = store().refreshToken(value == null ? "" : value)
                    .map(RefreshToken::scopes)
                    .orElse(Set.of());
            RefreshResult result = store().refresh(value, auth.client().clientId(), Set.of(), tokenPolicy(scopes));
            if (!result.succeeded()) {
                return DocuSignErrors.oauth(tokenErrorStatus, "invalid_grant", null);
            }
            return tokenResponse(result.issuance());
        }
        return DocuSignErrors.oauth(tokenErrorStatus, "unsupported_grant_type", null);
    }

    private SandboxResponse tokenResponse(TokenIssuance issuance) {
        Instant now = clock().instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuance.accessToken().value());
        body.put("token_type", "Bearer");
        body.put("refresh_token", issuance.refreshToken().value());
        body.put(
                "expires_in",
                Duration.between(now, issuance.accessToken().expiresAt()).toSeconds());
        return SandboxResponse.json(200, body).withHeader("Cache-Control", "no-store");
    }

    // ---- userinfo and REST ----

}
