package io.github.saasconnect.testkit.sandbox.bitbucket;

import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.internal.AccessCheck;
import io.github.saasconnect.testkit.sandbox.internal.AuthorizationStore;
import io.github.saasconnect.testkit.sandbox.internal.FixedWindowQuota;
import io.github.saasconnect.testkit.sandbox.internal.FormCodec;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Bitbucket's 2.0 API slice: {@code /2.0/user} and {@code /2.0/repositories/{workspace}}, bearer header only, with a
 * per-user hourly limit that answers 429 without rate-limit headers.
 */
final class BitbucketApi {

    private final BitbucketSandbox sandbox;
    private final AuthorizationStore store;
    private final Clock clock;
    private final Supplier<ListFixture> listFixture;
    private final Map<String, FixedWindowQuota> quotas = new ConcurrentHashMap<>();
    private volatile int rateLimit = 1000;

    BitbucketApi(BitbucketSandbox sandbox, AuthorizationStore store, Clock clock, Supplier<ListFixture> listFixture) {
        this.sandbox = sandbox;
        this.store = store;
        this.clock = clock;
        this.listFixture = listFixture;
    }

    private interface ApiCall {
        SandboxResponse answer(SandboxRequest request, SandboxUser user);
    }

    private SandboxResponse api(SandboxRequest request, ApiCall call) {
        AccessCheck check = store.checkAccessToken(request.bearerToken().orElse(null));
        if (check.status() == AccessCheck.Status.EXPIRED) {
            return BitbucketErrors.api(
                    401, "Access token expired. Use your refresh token to obtain a new access " + "token.");
        }
        if (!check.valid()) {
            return BitbucketErrors.api(401, "Token is invalid, expired, or not supported for this endpoint.");
        }
        SandboxUser user = sandbox.userById(check.token().userId()).orElseThrow();
        FixedWindowQuota quota = quotas.computeIfAbsent(
                user.id(), id -> new FixedWindowQuota(rateLimit, Duration.ofHours(1), false, clock));
        if (!quota.consume().allowed()) {
            return BitbucketSandbox.rateLimitedResponse();
        }
        return call.answer(request, user);
    }

    /** {@code GET /2.0/user}. */
    SandboxResponse user(SandboxRequest request) {
        return api(request, this::userBody);
    }

    /** {@code GET /2.0/repositories/{workspace}}. */
    SandboxResponse repositories(SandboxRequest request) {
        return api(request, this::repositoriesBody);
    }

    void rateLimit(int limit) {
        this.rateLimit = limit;
        quotas.values().forEach(quota -> quota.limit(limit));
    }

    private SandboxResponse userBody(SandboxRequest request, SandboxUser user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "user");
        body.put("uuid", user.id());
        body.put("account_id", BitbucketSandbox.accountId(user));
        body.put("nickname", user.login());
        body.put("display_name", user.name());
        String self =
                sandbox.apiUrl("/users/" + FormCodec.encodeComponent(user.id())).toString();
        body.put("links", Map.of("self", Map.of("href", self)));
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse repositoriesBody(SandboxRequest request, SandboxUser user) {
        String workspace = request.pathVariable("workspace");
        int pagelen = Math.max(1, request.queryInt("pagelen", 10));
        int page = Math.max(1, request.queryInt("page", 1));
        int total = listFixture.get().itemCount();
        List<Map<String, Object>> values = new ArrayList<>();
        for (int index = (page - 1) * pagelen + 1; index <= Math.min(total, (long) page * pagelen); index++) {
            Map<String, Object> repository = new LinkedHashMap<>();
            repository.put("type", "repository");
            repository.put(
                    "uuid", "{" + UUID.nameUUIDFromBytes((workspace + index).getBytes(StandardCharsets.UTF_8)) + "}");
            repository.put("name", "repo-" + index);
            repository.put("full_name", workspace + "/repo-" + index);
            values.add(repository);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pagelen", pagelen);
        body.put("size", total);
        body.put("page", page);
        body.put("values", values);
        if ((long) page * pagelen < total) {
            body.put("next", pageUrl(workspace, pagelen, page + 1));
        }
        if (page > 1) {
            body.put("previous", pageUrl(workspace, pagelen, page - 1));
        }
        return SandboxResponse.json(200, body);
    }

    private String pageUrl(String workspace, int pagelen, int page) {
        return sandbox.apiUrl("/repositories/" + workspace) + "?pagelen=" + pagelen + "&page=" + page;
    }
}
