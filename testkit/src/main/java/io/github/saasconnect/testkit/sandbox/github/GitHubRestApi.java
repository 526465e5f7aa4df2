package io.github.saasconnect.testkit.sandbox.github;

import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.RegisteredClient;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AccessCheck;
import io.github.saasconnect.testkit.sandbox.internal.AccessToken;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationStore;
import io.github.saasconnect.testkit.sandbox.internal.FixedWindowQuota;
import io.github.saasconnect.testkit.sandbox.internal.Json;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.github.saasconnect.testkit.sandbox.internal.Scopes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * GitHub's REST side: the OAuth application API (grant and token deletion, HTTP Basic with the client
 * credentials), {@code /user}, {@code /user/repos} with {@code link} pagination and {@code /rate_limit}; every
 * authenticated call carries the primary rate-limit headers.
 */
final class GitHubRestApi {

    private final GitHubSandbox sandbox;
    private final AuthorizationStore store;
    private final GitHubRateLimit rateLimit;
    private final Supplier<ListFixture> listFixture;

    GitHubRestApi(
            GitHubSandbox sandbox,
            AuthorizationStore store,
            GitHubRateLimit rateLimit,
            Supplier<ListFixture> listFixture) {
        this.sandbox = sandbox;
        this.store = store;
        this.rateLimit = rateLimit;
        this.listFixture = listFixture;
    }

    private interface ApiCall {
        SandboxResponse answer(SandboxRequest request, AccessToken token, SandboxUser user);
    }

    SandboxResponse revoke(SandboxRequest request, boolean wholeGrant) {
        Optional<SandboxRequest.BasicCredentials> basic = request.basicCredentials();
        RegisteredClient client =
                basic.map(credentials -> sandbox.client(credentials.clientId())).orElse(null);
        if (client == null || !client.clientSecret().equals(basic.get().clientSecret())) {
            return GitHubApiResponses.message(
                    401, "Requires authentication", "https://docs.github.com/rest/apps/oauth-applications");
        }
        if (!client.clientId().equals(request.pathVariable("client_id"))) {
            return GitHubApiResponses.message(404, "Not Found", "https://docs.github.com/rest");
        }
        String token = accessTokenField(request.body());
        Optional<AccessToken> known = token == null ? Optional.empty() : store.accessToken(token);
        if (known.isEmpty() || !known.get().clientId().equals(client.clientId())) {
            return GitHubApiResponses.message(404, "Not Found", "https://docs.github.com/rest");
        }
        boolean revoked = wholeGrant ? store.revokeGrantOfToken(token, true) : store.revokeAccessToken(token);
        return revoked
                ? SandboxResponse.empty(204)
                : GitHubApiResponses.message(404, "Not Found", "https://docs.github.com/rest");
    }

    private static String accessTokenField(String body) {
        try {
            JsonNode json = Json.read(body);
            JsonNode token = json == null ? null : json.get("access_token");
            return token == null ? null : token.asString();
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private SandboxResponse api(SandboxRequest request, ApiCall call) {
        String presented = request.authorizationToken("Bearer")
                .or(() -> request.authorizationToken("token"))
                .orElse(null);
        AccessCheck check = store.checkAccessToken(presented);
        if (!check.valid()) {
            return GitHubApiResponses.badCredentials();
        }
        SandboxUser user = sandbox.userById(check.token().userId()).orElseThrow();
        Map<String, String> headers = new LinkedHashMap<>();
        if (rateLimit.enabled()) {
            FixedWindowQuota.State state = rateLimit.quota(user.id()).consume();
            headers.putAll(GitHubApiResponses.rateLimitHeaders(state));
            if (!state.allowed()) {
                return GitHubApiResponses.message(
                                rateLimit.exceededStatus(),
                                "API rate limit exceeded for user ID " + user.id() + ".",
                                GitHubApiResponses.RATE_LIMIT_DOCS)
                        .withHeaders(headers);
            }
        }
        if (sandbox.appKind() == GitHubAppKind.OAUTH_APP) {
            headers.put("x-oauth-scopes", Scopes.join(check.token().scopes(), ", "));
        }
        headers.put("x-github-media-type", "github.v3; format=json");
        return call.answer(request, check.token(), user).withHeaders(headers);
    }

    /** {@code GET /user}. */
    SandboxResponse user(SandboxRequest request) {
        return api(request, this::userBody);
    }

    /**
     * {@code GET /installation/repositories}: the repositories an installation token reaches, named under the account
     * the app is installed on ({@code account} of the token's principal); any other token gets GitHub's 403.
     */
    SandboxResponse installationRepositories(
            SandboxRequest request, java.util.function.Function<String, java.util.Optional<String>> account) {
        return api(
                request,
                (req, token, user) -> account.apply(user.login())
                        .map(owner -> {
                            List<Map<String, Object>> repos = new ArrayList<>();
                            for (String name : GitHubApps.REPOSITORIES) {
                                Map<String, Object> repo = new LinkedHashMap<>();
                                repo.put("id", 1_296_269L + repos.size() + 1);
                                repo.put("name", name);
                                repo.put("full_name", owner + "/" + name);
                                repos.add(repo);
                            }
                            Map<String, Object> body = new LinkedHashMap<>();
                            body.put("total_count", repos.size());
                            body.put("repository_selection", "selected");
                            body.put("repositories", repos);
                            return SandboxResponse.json(200, body);
                        })
                        .orElseGet(() -> GitHubApiResponses.message(
                                403,
                                "You must authenticate with an installation access token in order to list repositories for "
                                        + "an installation.",
                                "https://docs.github.com/rest/apps/installations")));
    }

    /** {@code GET /user/repos}. */
    SandboxResponse repos(SandboxRequest request) {
        return api(request, this::reposBody);
    }

    private SandboxResponse userBody(SandboxRequest request, AccessToken token, SandboxUser user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", user.login());
        body.put("id", Long.parseLong(user.id()));
        body.put(
                "node_id",
                "U_kgDO"
                        + Base64.getEncoder()
                                .withoutPadding()
                                .encodeToString(user.id().getBytes(StandardCharsets.UTF_8)));
        body.put("avatar_url", sandbox.baseUrl() + "/avatars/u/" + user.id());
        body.put("html_url", sandbox.baseUrl() + "/" + user.login());
        body.put("type", "User");
        body.put("site_admin", false);
        body.put("name", user.name());
        body.put("email", user.email());
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse reposBody(SandboxRequest request, AccessToken token, SandboxUser user) {
        int perPage = Math.min(100, Math.max(1, request.queryInt("per_page", 30)));
        int page = Math.max(1, request.queryInt("page", 1));
        int total = listFixture.get().itemCount();
        int lastPage = Math.max(1, (total + perPage - 1) / perPage);
        List<Map<String, Object>> repos = new ArrayList<>();
        for (int index = (page - 1) * perPage + 1; index <= Math.min(total, page * perPage); index++) {
            Map<String, Object> repo = new LinkedHashMap<>();
            repo.put("id", 1_296_269L + index);
            repo.put("name", "repo-" + index);
            repo.put("full_name", user.login() + "/repo-" + index);
            repo.put("private", index % 3 == 0);
            repos.add(repo);
        }
        SandboxResponse response = SandboxResponse.json(200, repos);
        List<String> links = new ArrayList<>();
        if (page > 1) {
            links.add(link(perPage, page - 1, "prev"));
        }
        if (page < lastPage) {
            links.add(link(perPage, page + 1, "next"));
            links.add(link(perPage, lastPage, "last"));
        }
        if (page > 1) {
            links.add(link(perPage, 1, "first"));
        }
        return links.isEmpty() ? response : response.withHeader("link", String.join(", ", links));
    }

    private String link(int perPage, int page, String rel) {
        return "<" + sandbox.apiUrl("/user/repos") + "?per_page=" + perPage + "&page=" + page + ">; rel=\"" + rel
                + "\"";
    }

    SandboxResponse rateLimitStatus(SandboxRequest request) {
        String presented = request.authorizationToken("Bearer")
                .or(() -> request.authorizationToken("token"))
                .orElse(null);
        AccessCheck check = store.checkAccessToken(presented);
        if (!check.valid()) {
            return GitHubApiResponses.badCredentials();
        }
        if (!rateLimit.enabled()) {
            return GitHubApiResponses.message(404, "Rate limiting is not enabled.", "https://docs.github.com/rest");
        }
        FixedWindowQuota.State state = rateLimit.quota(check.token().userId()).peek();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resources", Map.of("core", GitHubApiResponses.rate(state)));
        body.put("rate", GitHubApiResponses.rate(state));
        return SandboxResponse.json(200, body).withHeaders(GitHubApiResponses.rateLimitHeaders(state));
    }
}
