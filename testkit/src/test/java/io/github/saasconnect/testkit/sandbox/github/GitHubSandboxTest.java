package io.github.saasconnect.testkit.sandbox.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.SandboxHttp;
import io.github.saasconnect.testkit.sandbox.SandboxHttp.Reply;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.internal.Pkce;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class GitHubSandboxTest {

    private static final String CALLBACK = "http://localhost:8080/callback/github";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    private final SandboxHttp http = new SandboxHttp();
    private GitHubSandbox github;

    @BeforeEach
    void start() {
        github = GitHubSandbox.start(SandboxOptions.defaults().withClock(clock).withRedirectUris(CALLBACK));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void aReusedAppJwtIsVerifiedByTheCurrentKeyAndItsClaimsCheckedOnEveryRequest() throws Exception {
        github.appPublicKey(TestKeys.APP.publicKey());
        URI mint = github.apiUrl("/app/installations/" + github.installApp("acme") + "/access_tokens");
        Instant signed = clock.instant();
        String jwt = appJwt(signed);

        assertThat(http.send("POST", mint, "", "authorization", "Bearer " + jwt).status())
                .isEqualTo(201);
        assertThat(http.send("POST", mint, "", "authorization", "Bearer " + jwt).status())
                .isEqualTo(201);

        clock.advance(Duration.ofMinutes(9));
        assertThat(http.send("POST", mint, "", "authorization", "Bearer " + jwt).body())
                .as("expired, though its signature was verified before")
                .contains("'Expiration time' claim ('exp')");
        clock.set(signed);
        github.appPublicKey(TestKeys.OTHER.publicKey());
        assertThat(http.send("POST", mint, "", "authorization", "Bearer " + jwt).body())
                .as("the app's key was replaced")
                .contains("A JSON web token could not be decoded");
    }

    private String appJwt(Instant now) throws Exception {
        String pem = TestKeys.APP.privateKeyPem().replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer(github.appId())
                        .issueTime(Date.from(now.minusSeconds(60)))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(9))))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void tokenResponseIsFormEncodedByDefault() {
        Reply reply = exchange(github.approve(authorizeUrl(Map.of())).code(), null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = reply.form();
        assertThat(form.get("access_token")).startsWith("ghu_");
        assertThat(form.get("refresh_token")).startsWith("ghr_");
        assertThat(form.get("expires_in")).isEqualTo("28800");
        assertThat(form.get("refresh_token_expires_in")).isEqualTo("15897600");
        assertThat(form.get("scope")).isEmpty();
        assertThat(form.get("token_type")).isEqualTo("bearer");
    }

    @Test
    void tokenResponseIsJsonWithAcceptApplicationJson() {
        Reply reply = exchange(github.approve(authorizeUrl(Map.of())).code(), "application/json");

        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().get("expires_in").asInt()).isEqualTo(28800);
        assertThat(reply.json().get("scope").asString()).isEmpty();
    }

    @Test
    void refreshTokenLifetimeIsReadFromConfiguration() {
        github.refreshTokenExpiresIn(Duration.ofSeconds(15_811_200));

        Reply reply = exchange(github.approve(authorizeUrl(Map.of())).code(), "application/json");

        assertThat(reply.json().get("refresh_token_expires_in").asLong()).isEqualTo(15_811_200L);
    }

    @Test
    void refreshRotatesStrictlyAndTheOldRefreshAndAccessTokensDieAtOnce() {
        SeededConnection connection = github.connect(github.user("octocat"));

        Reply first = refresh(connection.refreshToken());
        Reply reused = refresh(connection.refreshToken());

        assertThat(first.status()).isEqualTo(200);
        String rotated = first.json().get("refresh_token").asString();
        assertThat(rotated).startsWith("ghr_").isNotEqualTo(connection.refreshToken());
        assertThat(reused.status()).as("errors come with HTTP 200").isEqualTo(200);
        assertThat(reused.json().get("error").asString()).isEqualTo("bad_refresh_token");
        assertThat(http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken())
                        .status())
                .isEqualTo(401);
        assertThat(refresh(rotated).status()).isEqualTo(200);
    }

    @Test
    void concurrentRefreshersWithTheSameRefreshTokenHaveExactlyOneWinner() throws Exception {
        SeededConnection connection = github.connect(github.user("octocat"));
        HttpClient client = HttpClient.newHttpClient();
        String form = "client_id=" + github.client().clientId() + "&client_secret="
                + github.client().clientSecret() + "&grant_type=refresh_token&refresh_token="
                + connection.refreshToken();
        List<CompletableFuture<HttpResponse<String>>> racers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            racers.add(client.sendAsync(
                    HttpRequest.newBuilder(github.tokenEndpoint())
                            .header("Accept", "application/json")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        long winners = 0;
        for (CompletableFuture<HttpResponse<String>> racer : racers) {
            if (racer.get(10, TimeUnit.SECONDS).body().contains("\"access_token\"")) {
                winners++;
            }
        }

        assertThat(winners).isEqualTo(1);
    }

    @Test
    void tokenErrorStatusIsConfigurable() {
        github.tokenErrorStatus(401);

        Reply reply = refresh("ghr_unknown");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asString()).isEqualTo("bad_refresh_token");
    }

    @Test
    void refreshTokenDiesAfterItsLifetime() {
        SeededConnection connection = github.connect(github.user("octocat"));

        clock.advance(Duration.ofSeconds(15_897_600));

        assertThat(refresh(connection.refreshToken()).json().get("error").asString())
                .isEqualTo("bad_refresh_token");
    }

    @Test
    void accessTokenExpiresAfterEightHours() {
        SeededConnection connection = github.connect(github.user("octocat"));
        clock.advance(Duration.ofHours(8));

        Reply reply = http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("message").asString()).isEqualTo("Bad credentials");
    }

    @Test
    void badCodeAndWrongSecretAndRedirectMismatchAreHttp200Errors() {
        String code =
                github.approve(authorizeUrl(Map.of("redirect_uri", CALLBACK))).code();
        Map<String, String> wrongRedirect = tokenForm(code);
        wrongRedirect.put("redirect_uri", "http://localhost:8080/other");
        Map<String, String> wrongSecret = tokenForm(code);
        wrongSecret.put("client_secret", "nope");

        Reply mismatch = http.postForm(github.tokenEndpoint(), wrongRedirect, "Accept", "application/json");
        Reply badSecret = http.postForm(github.tokenEndpoint(), wrongSecret, "Accept", "application/json");
        Reply badCode = http.postForm(github.tokenEndpoint(), tokenForm("nope"), "Accept", "application/json");

        assertThat(mismatch.status()).isEqualTo(200);
        assertThat(mismatch.json().get("error").asString()).isEqualTo("redirect_uri_mismatch");
        assertThat(badSecret.json().get("error").asString()).isEqualTo("incorrect_client_credentials");
        assertThat(badCode.json().get("error").asString()).isEqualTo("bad_verification_code");
        assertThat(badCode.json().get("error_uri").asString()).startsWith("https://docs.github.com/");
    }

    @Test
    void formEncodedErrorWithoutAcceptHeader() {
        Reply reply = http.postForm(github.tokenEndpoint(), tokenForm("nope"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.form().get("error")).isEqualTo("bad_verification_code");
    }

    @Test
    void basicClientAuthenticationWorksInPractice() {
        String code = github.approve(authorizeUrl(Map.of())).code();

        Reply reply = http.postForm(
                github.tokenEndpoint(),
                Map.of("code", code),
                "Accept",
                "application/json",
                "Authorization",
                SandboxHttp.basic(github.client().clientId(), github.client().clientSecret()));

        assertThat(reply.json().get("access_token").asString()).startsWith("ghu_");
    }

    @Test
    void pkceS256IsCheckedAndPlainIsRejected() {
        String code = github.approve(
                        authorizeUrl(Map.of("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256")))
                .code();
        Map<String, String> form = tokenForm(code);
        form.put("code_verifier", VERIFIER);

        AuthorizationRedirect plain =
                github.approve(authorizeUrl(Map.of("code_challenge", VERIFIER, "code_challenge_method", "plain")));

        assertThat(http.postForm(github.tokenEndpoint(), form, "Accept", "application/json")
                        .json()
                        .has("access_token"))
                .isTrue();
        assertThat(plain.error()).isEqualTo("invalid_request");
        assertThat(plain.state()).isEqualTo("st");
    }

    @Test
    void oauthAppTokensNeverExpireHaveNoRefreshTokenAndCommaSeparatedScopes() {
        github.appKind(GitHubAppKind.OAUTH_APP);
        String code = github.approve(authorizeUrl(Map.of("scope", "repo gist"))).code();

        Reply reply = exchange(code, "application/json");
        clock.advance(Duration.ofDays(300));
        Reply user = http.get(
                github.apiUrl("/user"),
                "Authorization",
                "token " + reply.json().get("access_token").asString());

        JsonNode body = reply.json();
        assertThat(body.get("access_token").asString()).startsWith("gho_");
        assertThat(body.get("scope").asString()).isEqualTo("repo,gist");
        assertThat(body.has("expires_in")).isFalse();
        assertThat(body.has("refresh_token")).isFalse();
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.header("x-oauth-scopes")).isEqualTo("repo, gist");
    }

    @Test
    void oauthAppWithoutScopeGetsThePreviouslyGrantedScopes() {
        github.appKind(GitHubAppKind.OAUTH_APP);
        exchange(github.approve(authorizeUrl(Map.of("scope", "repo,user"))).code(), "application/json");

        Reply reply = exchange(github.approve(authorizeUrl(Map.of())).code(), "application/json");

        assertThat(reply.json().get("scope").asString()).isEqualTo("repo,user");
    }

    @Test
    void deleteGrantNeedsBasicAuthAndKillsEveryToken() {
        SeededConnection connection = github.connect(github.user("octocat"));
        URI grant = github.apiUrl("/applications/" + github.client().clientId() + "/grant");
        String body = "{\"access_token\":\"" + connection.accessToken() + "\"}";

        Reply anonymous = http.send("DELETE", grant, body);
        Reply revoked = http.send(
                "DELETE",
                grant,
                body,
                "Authorization",
                SandboxHttp.basic(github.client().clientId(), github.client().clientSecret()));

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(github.isAccessTokenValid(connection.accessToken())).isFalse();
        assertThat(refresh(connection.refreshToken()).json().get("error").asString())
                .isEqualTo("bad_refresh_token");
        assertThat(github.requestCount(Endpoint.REVOCATION)).isEqualTo(2);
    }

    @Test
    void deleteTokenRevokesOnlyThatAccessToken() {
        SeededConnection connection = github.connect(github.user("octocat"));
        URI token = github.apiUrl("/applications/" + github.client().clientId() + "/token");

        Reply revoked = http.send(
                "DELETE",
                token,
                "{\"access_token\":\"" + connection.accessToken() + "\"}",
                "Authorization",
                SandboxHttp.basic(github.client().clientId(), github.client().clientSecret()));
        Reply unknown = http.send(
                "DELETE",
                token,
                "{\"access_token\":\"ghu_nope\"}",
                "Authorization",
                SandboxHttp.basic(github.client().clientId(), github.client().clientSecret()));

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken())
                        .status())
                .isEqualTo(401);
        assertThat(refresh(connection.refreshToken()).json().has("access_token"))
                .isTrue();
    }

    @Test
    void userHasANumericId() {
        SandboxUser octocat = github.user("octocat");
        SeededConnection connection = github.connect(octocat);

        JsonNode user = http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken())
                .json();

        assertThat(user.get("id").isNumber()).isTrue();
        assertThat(user.get("id").asLong()).isEqualTo(Long.parseLong(octocat.id()));
        assertThat(user.get("login").asString()).isEqualTo("octocat");
    }

    @Test
    void reposAreWalkedWithTheLinkHeaderAndCarryRateLimitHeaders() {
        github.listFixture(ListFixture.of(45));
        SeededConnection connection = github.connect(github.user("octocat"));

        int pages = 0;
        int repos = 0;
        Reply last = null;
        URI next = URI.create(github.apiUrl("/user/repos") + "?per_page=20");
        while (next != null) {
            last = http.get(next, "Authorization", "Bearer " + connection.accessToken());
            pages++;
            repos += last.json().size();
            Matcher matcher = NEXT.matcher(last.header("link") == null ? "" : last.header("link"));
            next = matcher.find() ? URI.create(matcher.group(1)) : null;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(repos).isEqualTo(45);
        assertThat(last.header("link"))
                .contains("rel=\"prev\"", "rel=\"first\"")
                .doesNotContain("rel=\"next\"");
        assertThat(last.header("x-ratelimit-limit")).isEqualTo("5000");
        assertThat(last.header("x-ratelimit-remaining")).isEqualTo("4997");
        assertThat(last.header("x-ratelimit-used")).isEqualTo("3");
        assertThat(last.header("x-ratelimit-resource")).isEqualTo("core");
        assertThat(Long.parseLong(last.header("x-ratelimit-reset")))
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)).getEpochSecond());
    }

    @Test
    void primaryRateLimitIs403WithRemainingZeroUntilTheResetEpoch() {
        SandboxUser octocat = github.user("octocat");
        SeededConnection connection = github.connect(octocat);
        github.rateLimit(2);
        http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());
        http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        Reply limited = http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());
        Reply status = http.get(github.apiUrl("/rate_limit"), "Authorization", "Bearer " + connection.accessToken());
        clock.advance(Duration.ofHours(1));
        Reply afterReset = http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(limited.status()).isEqualTo(403);
        assertThat(limited.header("x-ratelimit-remaining")).isEqualTo("0");
        assertThat(limited.json().get("message").asString()).startsWith("API rate limit exceeded");
        assertThat(status.status()).as("/rate_limit is not counted").isEqualTo(200);
        assertThat(status.json().get("rate").get("remaining").asInt()).isZero();
        assertThat(afterReset.status()).isEqualTo(200);
        assertThat(afterReset.header("x-ratelimit-remaining")).isEqualTo("1");
    }

    @Test
    void primaryRateLimitCanAnswer429() {
        SandboxUser octocat = github.user("octocat");
        SeededConnection connection = github.connect(octocat);
        github.primaryRateLimitStatus(429);
        github.exhaustRateLimit(octocat);

        Reply limited = http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("x-ratelimit-remaining")).isEqualTo("0");
    }

    @Test
    void secondaryRateLimitWithAndWithoutRetryAfter() {
        SeededConnection connection = github.connect(github.user("octocat"));
        github.faults()
                .nextApiResponse(
                        github.secondaryRateLimit(403, Duration.ofSeconds(60)), github.secondaryRateLimit(429));

        Reply withRetryAfter = http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());
        Reply without = http.get(github.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(withRetryAfter.status()).isEqualTo(403);
        assertThat(withRetryAfter.header("retry-after")).isEqualTo("60");
        assertThat(withRetryAfter.json().get("message").asString()).contains("secondary rate limit");
        assertThat(without.status()).isEqualTo(429);
        assertThat(without.header("retry-after")).isNull();
        assertThat(without.header("x-ratelimit-remaining")).isNull();
    }

    @Test
    void enterpriseServerServesTheApiUnderApiV3WithoutRateLimits() {
        try (GitHubSandbox enterprise =
                GitHubSandbox.startEnterpriseServer(SandboxOptions.defaults().withClock(clock))) {
            SeededConnection connection = enterprise.connect(enterprise.user("octocat"));

            Reply user = http.get(enterprise.apiUrl("/user"), "Authorization", "Bearer " + connection.accessToken());

            assertThat(enterprise.apiBaseUrl().getPath()).isEqualTo("/api/v3");
            assertThat(user.status()).isEqualTo(200);
            assertThat(user.header("x-ratelimit-limit")).isNull();
            assertThat(http.get(enterprise.url("/user"), "Authorization", "Bearer " + connection.accessToken())
                            .status())
                    .isEqualTo(404);
        }
    }

    // ---- helpers ----

    private URI authorizeUrl(Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", github.client().clientId());
        parameters.put("state", "st");
        parameters.putAll(extra);
        return SandboxHttp.withQuery(github.authorizationEndpoint(), parameters);
    }

    private Map<String, String> tokenForm(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", github.client().clientId());
        form.put("client_secret", github.client().clientSecret());
        form.put("code", code);
        return form;
    }

    private Reply exchange(String code, String accept) {
        return accept == null
                ? http.postForm(github.tokenEndpoint(), tokenForm(code))
                : http.postForm(github.tokenEndpoint(), tokenForm(code), "Accept", accept);
    }

    private Reply refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", github.client().clientId());
        form.put("client_secret", github.client().clientSecret());
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return http.postForm(github.tokenEndpoint(), form, "Accept", "application/json");
    }
}
