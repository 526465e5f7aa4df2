package io.github.saasconnect.testkit.sandbox.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.SandboxHttp;
import io.github.saasconnect.testkit.sandbox.SandboxHttp.Reply;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BitbucketSandboxTest {

    private static final String CALLBACK = "http://localhost:8080/callback";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-06-01T10:00:00Z"));
    private final SandboxHttp http = new SandboxHttp();
    private BitbucketSandbox bitbucket;

    @BeforeEach
    void start() {
        bitbucket = BitbucketSandbox.start(
                SandboxOptions.defaults().withClock(clock).withRedirectUris(CALLBACK));
    }

    @AfterEach
    void stop() {
        bitbucket.close();
    }

    @Test
    void codeExchangeReturnsScopesStateAndLongTokens() {
        String code =
                bitbucket.approve(authorizeUrl(Map.of("scope", "pullrequest"))).code();

        Reply reply = postToken(Map.of("grant_type", "authorization_code", "code", code));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("scopes").asString())
                .as("the consumer's scopes, not the request's")
                .isEqualTo("account repository");
        assertThat(body.has("scope")).isFalse();
        assertThat(body.get("expires_in").asInt()).isEqualTo(7200);
        assertThat(body.get("token_type").asString()).isEqualTo("bearer");
        assertThat(body.get("state").asString()).isEqualTo("authorization_code");
        assertThat(body.get("access_token").asString().length()).isGreaterThan(2500);
    }

    @Test
    void scopeFieldCanUseThe2026Name() {
        bitbucket.scopeField(BitbucketScopeField.SCOPE);
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));

        JsonNode body = refresh(connection.refreshToken()).json();

        assertThat(body.get("scope").asString()).isEqualTo("account repository");
        assertThat(body.has("scopes")).isFalse();
        assertThat(body.get("state").asString()).isEqualTo("refresh_token");
    }

    @Test
    void jsonBodyIsUnsupportedGrantTypeNone() {
        Reply reply = http.postJson(
                bitbucket.tokenEndpoint(),
                "{\"grant_type\":\"refresh_token\"}",
                "Authorization",
                SandboxHttp.basic(
                        bitbucket.client().clientId(), bitbucket.client().clientSecret()));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(reply.json().get("error_description").asString()).isEqualTo("Unsupported grant type: None");
    }

    @Test
    void clientCredentialsInTheBodyAreRejected() {
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", connection.refreshToken());
        form.put("client_id", bitbucket.client().clientId());
        form.put("client_secret", bitbucket.client().clientSecret());

        Reply reply = http.postForm(bitbucket.tokenEndpoint(), form);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void usedRefreshTokenWorksForTenMinutesThenDies() {
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));
        Reply first = refresh(connection.refreshToken());
        assertThat(first.json().get("refresh_token").asString()).isNotEqualTo(connection.refreshToken());

        clock.advance(Duration.ofMinutes(9));
        Reply withinGrace = refresh(connection.refreshToken());
        clock.advance(Duration.ofMinutes(2));
        Reply afterGrace = refresh(connection.refreshToken());

        assertThat(withinGrace.status()).isEqualTo(200);
        assertThat(afterGrace.status()).isEqualTo(400);
        assertThat(afterGrace.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(refresh(first.json().get("refresh_token").asString()).status())
                .isEqualTo(200);
    }

    @Test
    void refreshTokenUnusedForThreeMonthsIsDead() {
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));

        clock.advance(Duration.ofDays(91));

        assertThat(refresh(connection.refreshToken()).json().get("error").asString())
                .isEqualTo("invalid_grant");
    }

    @Test
    void redirectUriMayExtendTheRegisteredCallbackButNotLeaveIt() {
        URI extended = authorizeUrl(Map.of("redirect_uri", CALLBACK + "/bitbucket"));
        URI foreign = authorizeUrl(Map.of("redirect_uri", "http://localhost:9999/elsewhere"));

        assertThat(bitbucket.approve(extended).location().toString()).startsWith(CALLBACK + "/bitbucket?code=");
        assertThat(http.get(foreign).status()).isEqualTo(400);
    }

    @Test
    void userHasUuidAndAccountId() {
        SandboxUser alice = bitbucket.user("alice");
        SeededConnection connection = bitbucket.connect(alice);

        JsonNode user = http.get(bitbucket.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken())
                .json();

        assertThat(user.get("uuid").asString())
                .isEqualTo(alice.id())
                .startsWith("{")
                .endsWith("}");
        assertThat(user.get("account_id").asString()).isEqualTo(BitbucketSandbox.accountId(alice));
        assertThat(user.get("nickname").asString()).isEqualTo("alice");
    }

    @Test
    void expiredAccessTokenGets401WithTheExpiryMessage() {
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));
        clock.advance(Duration.ofHours(2));

        Reply reply = http.get(bitbucket.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").get("message").asString()).startsWith("Access token expired.");
    }

    @Test
    void accessTokenInTheQueryIsNotAccepted() {
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));

        Reply reply = http.get(URI.create(bitbucket.apiUrl("/user") + "?access_token=" + connection.accessToken()));

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void repositoriesAreWalkedByFollowingNext() {
        bitbucket.listFixture(ListFixture.of(23));
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));

        int pages = 0;
        int repositories = 0;
        URI next = bitbucket.apiUrl("/repositories/alice");
        while (next != null) {
            JsonNode body = http.get(next, "Authorization", "Bearer " + connection.accessToken())
                    .json();
            pages++;
            repositories += body.get("values").size();
            assertThat(body.get("pagelen").asInt()).isEqualTo(10);
            next = body.has("next") ? URI.create(body.get("next").asString()) : null;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(repositories).isEqualTo(23);
    }

    @Test
    void rateLimitIs429WithoutRateLimitHeaders() {
        bitbucket.rateLimit(1);
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));
        http.get(bitbucket.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        Reply limited = http.get(bitbucket.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().get("error").get("message").asString())
                .isEqualTo("Rate limit for this resource has been exceeded");
        assertThat(limited.headers().map().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("x-ratelimit"));
        assertThat(limited.header("retry-after")).isNull();
    }

    @Test
    void rateLimitedFaultMatchesTheRealLimit() {
        SeededConnection connection = bitbucket.connect(bitbucket.user("alice"));
        bitbucket.faults().nextApiResponse(bitbucket.rateLimited());

        Reply limited = http.get(bitbucket.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(limited.status()).isEqualTo(429);
    }

    // ---- helpers ----

    private URI authorizeUrl(Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", bitbucket.client().clientId());
        parameters.put("response_type", "code");
        parameters.put("state", "csrf");
        parameters.putAll(extra);
        return SandboxHttp.withQuery(bitbucket.authorizationEndpoint(), parameters);
    }

    private Reply postToken(Map<String, String> form) {
        return http.postForm(
                bitbucket.tokenEndpoint(),
                form,
                "Authorization",
                SandboxHttp.basic(
                        bitbucket.client().clientId(), bitbucket.client().clientSecret()));
    }

    private Reply refresh(String refreshToken) {
        return postToken(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
