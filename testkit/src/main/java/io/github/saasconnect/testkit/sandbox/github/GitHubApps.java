package io.github.saasconnect.testkit.sandbox.github;

import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.SignedAssertion;
import io.github.saasconnect.testkit.sandbox.internal.TokenIssuance;
import java.net.URI;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;

/**
 * The GitHub App side of the sandbox (providers.md §3.9): the app JWT checked as GitHub does (RS256 by the app's
 * registered key, {@code iss} the app id or client id, {@code iat} not in the future, {@code exp} in the future but at
 * most ten minutes ahead, each refusal a 401 with GitHub's message), installations, one-hour {@code ghs_} tokens
 * narrowed to repositories and permissions, and 404 for an installation that is gone.
 */
final class GitHubApps {

    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    static final Duration MAX_JWT_LIFETIME = Duration.ofMinutes(10);
    static final Map<String, String> PERMISSIONS = Map.of("contents", "read", "metadata", "read");
    static final List<String> REPOSITORIES = List.of("repo-a", "repo-b");
    private static final String DOCS = "https://docs.github.com/rest/apps/apps";
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    record Installation(long id, String account, Instant suspendedAt) {}

    /** An app JWT whose signature {@code key} verified. */
    private record Verified(RSAPublicKey key, SignedAssertion jwt) {}

    /** More distinct app JWTs than a test or benchmark presents before the cache of verified ones starts over. */
    private static final int VERIFIED_JWTS = 1024;

    private final Clock clock;
    private final String appId;
    private final String clientId;
    private final ConcurrentSkipListMap<Long, Installation> installations = new ConcurrentSkipListMap<>();
    private volatile RSAPublicKey key;
    /**
     * App JWTs already verified, by their compact form. A client reuses one JWT for up to ten minutes, so the RSA
     * verification is done once per JWT and key (a new key verifies afresh); the claims are checked on every request.
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private long nextId = 40_000_001L;

    GitHubApps(Clock clock, String appId, String clientId) {
        this.clock = clock;
        this.appId = appId;
        this.clientId = clientId;
    }

    String appId() {
        return appId;
    }

    void key(RSAPublicKey value) {
        this.key = value;
    }

    synchronized long install(String account) {
        long id = nextId++;
        installations.put(id, new Installation(id, account, null));
        return id;
    }

    /** The account an installation token's principal ({@code installation-<id>}) is installed on, if it is one. */
    Optional<String> account(String principal) {
        if (!principal.startsWith("installation-")) {
            return Optional.empty();
        }
        try {
            Installation installation =
                    installations.get(Long.parseLong(principal.substring("installation-".length())));
            return Optional.ofNullable(installation).map(Installation::account);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean uninstall(long id) {
        return installations.remove(id) != null;
    }

    void suspend(long id) {
        installations.computeIfPresent(id, (k, i) -> new Installation(k, i.account(), clock.instant()));
    }

    /** {@code POST /app/installations/{id}/access_tokens}; {@code issue} makes a token for a principal and scopes. */
    SandboxResponse accessToken(SandboxRequest request, BiFunction<String, Set<String>, TokenIssuance> issue) {
        Optional<SandboxResponse> refused = refuseJwt(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Map<String, Object> body;
        try {
            body = request.body() == null || request.body().isBlank()
                    ? Map.of()
                    : JSON.readValue(
                            request.body(), new tools.jackson.core.type.TypeReference<Map<String, Object>>() {});
        } catch (tools.jackson.core.JacksonException e) {
            return GitHubApiResponses.message(400, "Problems parsing JSON", DOCS);
        }
        long id;
        try {
            id = Long.parseLong(request.pathVariable("id"));
        } catch (NumberFormatException e) {
            return notFound();
        }
        Installation installation = installations.get(id);
        if (installation == null) {
            return notFound();
        }
        if (installation.suspendedAt() != null) {
            return GitHubApiResponses.message(403, "This installation has been suspended", DOCS);
        }
        Map<String, String> permissions = new LinkedHashMap<>(PERMISSIONS);
        if (body.get("permissions") instanceof Map<?, ?> asked) {
            permissions.clear();
            for (Map.Entry<?, ?> e : asked.entrySet()) {
                String granted = PERMISSIONS.get(String.valueOf(e.getKey()));
                if (granted == null || "write".equals(e.getValue()) && !"write".equals(granted)) {
                    return GitHubApiResponses.message(
                            422, "The permissions requested are not granted to this installation.", DOCS);
                }
                permissions.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        Object repositories = body.get("repositories");
        if (repositories instanceof List<?> names && !REPOSITORIES.containsAll(names)) {
            return GitHubApiResponses.message(
                    422,
                    "There is at least one repository that does not exist or is not accessible to the parent "
                            + "installation.",
                    DOCS);
        }
        Set<String> scopes = new java.util.TreeSet<>();
        permissions.forEach((k, v) -> scopes.add(k + ":" + v));
        TokenIssuance issuance = issue.apply("installation-" + id, scopes);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token", issuance.accessToken().value());
        answer.put("expires_at", issuance.accessToken().expiresAt().toString());
        answer.put("permissions", permissions);
        answer.put("repository_selection", repositories instanceof List<?> ? "selected" : "all");
        if (repositories instanceof List<?> names) {
            answer.put(
                    "repositories", names.stream().map(n -> Map.of("name", n)).toList());
        }
        return SandboxResponse.json(201, answer);
    }

    /** {@code GET /app/installations}, {@code per_page} (at most 100) and {@code page}, with a {@code link} header. */
    SandboxResponse list(SandboxRequest request, URI self) {
        Optional<SandboxResponse> refused = refuseJwt(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        int perPage = Math.min(100, Math.max(1, request.queryInt("per_page", 30)));
        int page = Math.max(1, request.queryInt("page", 1));
        List<Installation> all = new ArrayList<>(installations.values());
        int from = Math.min(all.size(), (page - 1) * perPage);
        int to = Math.min(all.size(), from + perPage);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Installation i : all.subList(from, to)) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", i.id());
            item.put("account", Map.of("login", i.account(), "id", i.id() + 7, "type", "Organization"));
            item.put("app_id", Long.parseLong(appId));
            item.put("target_type", "Organization");
            item.put("permissions", PERMISSIONS);
            item.put(
                    "suspended_at",
                    i.suspendedAt() == null ? null : i.suspendedAt().toString());
            items.add(item);
        }
        SandboxResponse response = SandboxResponse.json(200, items);
        if (to < all.size()) {
            response = response.withHeader(
                    "link", "<" + self + "?per_page=" + perPage + "&page=" + (page + 1) + ">; rel=\"next\"");
        }
        return response;
    }

    /** GitHub's refusal of the app JWT, or empty when it is good. */
    private Optional<SandboxResponse> refuseJwt(SandboxRequest request) {
        RSAPublicKey registered = key;
        Optional<SignedAssertion> jwt = registered == null
                ? Optional.empty()
                : request.bearerToken().flatMap(bearer -> verified(bearer, registered));
        if (jwt.isEmpty()) {
            return Optional.of(unauthorized("A JSON web token could not be decoded"));
        }
        var claims = jwt.get().claims();
        Instant now = clock.instant();
        Instant issued = SignedAssertion.instant(claims.getIssueTime());
        Instant expires = SignedAssertion.instant(claims.getExpirationTime());
        if (issued == null || issued.isAfter(now)) {
            return Optional.of(
                    unauthorized("'Issued at' claim ('iat') must be an Integer representing a time in the " + "past."));
        }
        if (expires == null || !expires.isAfter(now)) {
            return Optional.of(unauthorized("'Expiration time' claim ('exp') must be a numeric value representing the "
                    + "future time at which the assertion expires."));
        }
        if (expires.isAfter(now.plus(MAX_JWT_LIFETIME))) {
            return Optional.of(unauthorized("'Expiration time' claim ('exp') is too far in the future"));
        }
        if (!appId.equals(claims.getIssuer()) && !clientId.equals(claims.getIssuer())) {
            return Optional.of(unauthorized("'Issuer' claim ('iss') must be the app id or client id"));
        }
        return Optional.empty();
    }

    /** {@code bearer} as an RS256 JWT signed by {@code registered}, or empty. */
    private Optional<SignedAssertion> verified(String bearer, RSAPublicKey registered) {
        Verified known = verified.get(bearer);
        if (known != null && known.key().equals(registered)) {
            return Optional.of(known.jwt());
        }
        Optional<SignedAssertion> jwt = SignedAssertion.parse(bearer)
                .filter(parsed -> "RS256".equals(parsed.algorithm().getName()) && parsed.verifiedBy(registered));
        jwt.ifPresent(good -> {
            if (verified.size() >= VERIFIED_JWTS) {
                verified.clear();
            }
            verified.put(bearer, new Verified(registered, good));
        });
        return jwt;
    }

    private static SandboxResponse unauthorized(String message) {
        return GitHubApiResponses.message(401, message, "https://docs.github.com/rest");
    }

    private static SandboxResponse notFound() {
        return GitHubApiResponses.message(
                404,
                "Not Found",
                "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app");
    }
}
