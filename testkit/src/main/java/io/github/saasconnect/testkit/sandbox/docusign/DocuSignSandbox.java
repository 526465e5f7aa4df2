package io.github.saasconnect.testkit.sandbox.docusign;

import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.RegisteredClient;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AccessCheck;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationRules;
import io.github.saasconnect.testkit.sandbox.internal.ClientAuthentication;
import io.github.saasconnect.testkit.sandbox.internal.CodeRedemption;
import io.github.saasconnect.testkit.sandbox.internal.FixedWindowQuota;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
 * <li>No revocation endpoint: {@link #revokeGrant(SandboxUser)} (revoked consent) kills refresh tokens, but issued
 *     access tokens keep working until they expire.</li>
 * </ul>
 */
public final class DocuSignSandbox extends ProviderSandbox {

    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(8);
    static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);
    static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
    private static final String REST_PREFIX = "/restapi/v2.1/accounts/";

    private final Map<String, List<DocuSignAccount>> accounts = new LinkedHashMap<>();
    private final Map<String, FixedWindowQuota> hourly = new ConcurrentHashMap<>();
    private final Map<String, FixedWindowQuota> burst = new ConcurrentHashMap<>();
    private volatile int tokenErrorStatus = 400;
    private volatile int limitErrorStatus = 400;
    private volatile int hourlyLimit = 3000;
    private volatile int burstLimit = 200;

    private DocuSignSandbox(SandboxOptions options) {
        super("DocuSign", options, new TokenFormat("eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.", 520,
                "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.", 760, "eyJ0eXAiOiJNVCIsImFsZyI6IlJTMjU2In0.", 770),
                client(options));
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
        String id = options.clientId() != null ? options.clientId() : UUID.randomUUID().toString();
        String secret = options.clientSecret() != null ? options.clientSecret() : UUID.randomUUID().toString();
        return new RegisteredClient(id, secret, options.redirectUris(), "Sandbox Integration");
    }

    // ---- Knobs ----

    /** HTTP status of token-endpoint errors (400 by default; unverified upstream). */
    public void tokenErrorStatus(int status) {
        this.tokenErrorStatus = status;
    }

    /** HTTP status of hourly and burst limit errors: 400 (default) or 429; both are reported upstream. */
    public void limitErrorStatus(int status) {
        this.limitErrorStatus = status;
    }

    /** API calls per hour per account (3000 by default). */
    public void hourlyLimit(int limit) {
        this.hourlyLimit = limit;
        hourly.values().forEach(quota -> quota.limit(limit));
    }

    /** API calls per 30 seconds per account (200 by default, as on demo; production allows 500). */
    public void burstLimit(int limit) {
        this.burstLimit = limit;
        burst.values().forEach(quota -> quota.limit(limit));
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
        List<DocuSignAccount> current = accountsOf(user);
        DocuSignAccount account = new DocuSignAccount(UUID.randomUUID().toString(), name, isDefault,
                baseUrl().toString());
        if (isDefault) {
            current.replaceAll(existing -> new DocuSignAccount(existing.accountId(), existing.accountName(), false,
                    existing.baseUri()));
        }
        current.add(account);
        return account;
    }

    /** The hourly limit error, to queue for API endpoints. */
    public Fault hourlyLimitExceeded() {
        return Fault.respond("DocuSign hourly limit", hourlyLimitError());
    }

    private DocuSignAccount newAccount(SandboxUser user, boolean isDefault) {
        return new DocuSignAccount(UUID.randomUUID().toString(), user.name() + "'s Account", isDefault,
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
                Route.get("/oauth/userinfo", Endpoint.USERINFO, this::userInfo),
                Route.get(REST_PREFIX + "{accountId}", Endpoint.API, this::account),
                Route.get(REST_PREFIX + "{accountId}/envelopes", Endpoint.API, this::envelopes));
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
        return new TokenPolicy(ACCESS_TOKEN_LIFETIME, RefreshRotation.STRICT, Duration.ZERO, REFRESH_TOKEN_LIFETIME,
                !scopes.contains("extended"), null, false, 0);
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
            CodeRedemption redemption = store().redeemCode(form.get("code"), auth.client().clientId(),
                    form.get("redirect_uri"), true, form.get("code_verifier"), CODE_LIFETIME);
            if (!redemption.succeeded()) {
                return DocuSignErrors.oauth(tokenErrorStatus, "invalid_grant", null);
            }
            var code = redemption.code();
            return tokenResponse(store().issueTokens(code.grantId(), code.scopes(), tokenPolicy(code.scopes()),
                    true));
        }
        if ("refresh_token".equals(grantType)) {
            String value = form.get("refresh_token");
            Set<String> scopes = store().refreshToken(value == null ? "" : value).map(RefreshToken::scopes)
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
        body.put("expires_in", Duration.between(now, issuance.accessToken().expiresAt()).toSeconds());
        return SandboxResponse.json(200, body).withHeader("Cache-Control", "no-store");
    }

    // ---- userinfo and REST ----

    private SandboxResponse userInfo(SandboxRequest request) {
        AccessCheck check = store().checkAccessToken(request.bearerToken().orElse(null));
        if (!check.valid()) {
            return DocuSignErrors.oauth(401, "invalid_token", "The access token is invalid or has expired.");
        }
        SandboxUser user = userById(check.token().userId()).orElseThrow();
        String[] names = user.name().split(" ", 2);
        List<Map<String, Object>> list = new ArrayList<>();
        for (DocuSignAccount account : accounts(user)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("account_id", account.accountId());
            entry.put("is_default", account.isDefault());
            entry.put("account_name", account.accountName());
            entry.put("base_uri", account.baseUri());
            list.add(entry);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", user.id());
        body.put("name", user.name());
        body.put("given_name", names[0]);
        body.put("family_name", names.length > 1 ? names[1] : "");
        body.put("created", "2024-01-01T00:00:00.000Z");
        body.put("email", user.email());
        body.put("accounts", list);
        return SandboxResponse.json(200, body);
    }

    private interface RestCall {
        SandboxResponse answer(SandboxRequest request, DocuSignAccount account);
    }

    private SandboxResponse rest(SandboxRequest request, RestCall call) {
        AccessCheck check = store().checkAccessToken(request.bearerToken().orElse(null));
        if (!check.valid()) {
            return DocuSignErrors.rest(401, "USER_AUTHENTICATION_FAILED",
                    "One or both of Username and Password are invalid. Invalid access token");
        }
        SandboxUser user = userById(check.token().userId()).orElseThrow();
        String accountId = request.pathVariable("accountId");
        DocuSignAccount account = accounts(user).stream().filter(a -> a.accountId().equals(accountId)).findFirst()
                .orElse(null);
        if (account == null) {
            return DocuSignErrors.rest(400, "USER_LACKS_MEMBERSHIP",
                    "The UserID does not have a valid membership in this Account.");
        }
        FixedWindowQuota.State burstState = burst.computeIfAbsent(accountId,
                id -> new FixedWindowQuota(burstLimit, Duration.ofSeconds(30), true, clock())).peek();
        FixedWindowQuota.State hourlyState = hourly.computeIfAbsent(accountId,
                id -> new FixedWindowQuota(hourlyLimit, Duration.ofHours(1), true, clock())).peek();
        SandboxResponse response;
        if (!hourlyState.allowed()) {
            response = hourlyLimitError();
        }
        else if (!burstState.allowed()) {
            response = DocuSignErrors.rest(limitErrorStatus, "BURST_APIINVOCATION_LIMIT_EXCEEDED",
                    "The maximum number of burst API invocations has been exceeded. The burst limit is "
                            + burstState.limit() + " per 30 seconds.");
        }
        else {
            burstState = burst.get(accountId).consume();
            hourlyState = hourly.get(accountId).consume();
            response = call.answer(request, account);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(hourlyState.limit()));
        headers.put("X-RateLimit-Remaining", Integer.toString(hourlyState.remaining()));
        headers.put("X-RateLimit-Reset", Long.toString(hourlyState.resetAt().getEpochSecond()));
        headers.put("X-BurstLimit-Limit", Integer.toString(burstState.limit()));
        headers.put("X-BurstLimit-Remaining", Integer.toString(burstState.remaining()));
        return response.withHeaders(headers);
    }

    private SandboxResponse hourlyLimitError() {
        return DocuSignErrors.rest(limitErrorStatus, "HOURLY_APIINVOCATION_LIMIT_EXCEEDED",
                "The maximum number of hourly API invocations has been exceeded. The hourly limit is "
                        + hourlyLimit + ".");
    }

    private SandboxResponse account(SandboxRequest request) {
        return rest(request, (req, account) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accountIdGuid", account.accountId());
            body.put("accountName", account.accountName());
            body.put("planName", "DEVCENTER_DEMO_APRIL2013");
            return SandboxResponse.json(200, body);
        });
    }

    private SandboxResponse envelopes(SandboxRequest request) {
        return rest(request, (req, account) -> {
            int start = Math.max(0, parse(req.query("start_position"), 0));
            int count = Math.min(100, Math.max(1, parse(req.query("count"), 100)));
            int total = listFixture().itemCount();
            int end = Math.min(total, start + count);
            List<Map<String, Object>> envelopes = new ArrayList<>();
            for (int index = start; index < end; index++) {
                Map<String, Object> envelope = new LinkedHashMap<>();
                envelope.put("envelopeId", String.format("00000000-0000-4000-8000-%012d", index + 1));
                envelope.put("status", index % 2 == 0 ? "sent" : "completed");
                envelope.put("emailSubject", "Please sign document " + (index + 1));
                envelopes.add(envelope);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("resultSetSize", Integer.toString(envelopes.size()));
            body.put("startPosition", Integer.toString(start));
            body.put("endPosition", Integer.toString(Math.max(start, end - 1)));
            body.put("totalSetSize", Integer.toString(total));
            body.put("nextUri", end < total ? pageUri(account, end, count) : "");
            body.put("previousUri", start > 0 ? pageUri(account, Math.max(0, start - count), count) : "");
            body.put("envelopes", envelopes);
            return SandboxResponse.json(200, body);
        });
    }

    private static String pageUri(DocuSignAccount account, int start, int count) {
        return REST_PREFIX + account.accountId() + "/envelopes?start_position=" + start + "&count=" + count;
    }

    private static int parse(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException malformed) {
            return fallback;
        }
    }
}
