package io.github.saasconnect.testkit.sandbox.microsoft;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationCodeGrant;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Jwt;
import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.SandboxHttp;
import io.github.saasconnect.testkit.sandbox.SandboxHttp.Reply;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.internal.Pkce;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MicrosoftSandboxTest {

    private static final String REDIRECT = "http://localhost:8080/callback/microsoft";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    private final SandboxHttp http = new SandboxHttp();
    private MicrosoftSandbox microsoft;

    @BeforeEach
    void start() {
        microsoft = MicrosoftSandbox.start(
                SandboxOptions.defaults().withClock(clock).withRedirectUris(REDIRECT));
    }

    @AfterEach
    void stop() {
        microsoft.close();
    }

    @Test
    void codeExchangeReturnsRefreshTokenWithOfflineAccessAndIdTokenWithTidAndOid() {
        String code = microsoft
                .approve(authorizeUrl("common", "openid profile offline_access User.Read"))
                .code();

        Reply reply = postToken("common", codeForm(code));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("scope").asString()).isEqualTo("openid profile User.Read");
        assertThat(body.get("expires_in").asLong()).isBetween(3600L, 5400L);
        assertThat(body.get("ext_expires_in").asLong())
                .isEqualTo(body.get("expires_in").asLong());
        assertThat(body.has("refresh_token")).isTrue();
        JsonNode idToken = Jwt.claims(body.get("id_token").asString());
        assertThat(idToken.get("tid").asString()).isEqualTo(microsoft.tenantId());
        assertThat(idToken.get("oid").asString())
                .isEqualTo(microsoft.signedInUser().id());
        assertThat(idToken.get("sub").asString())
                .isNotEqualTo(microsoft.signedInUser().id());
        assertThat(idToken.get("iss").asString()).isEqualTo(microsoft.issuer());
    }

    @Test
    void withoutOfflineAccessOrOpenidThereIsNoRefreshTokenOrIdToken() {
        String code =
                microsoft.approve(authorizeUrl("organizations", "User.Read")).code();

        JsonNode body = postToken("organizations", codeForm(code)).json();

        assertThat(body.has("refresh_token")).isFalse();
        assertThat(body.has("id_token")).isFalse();
    }

    @Test
    void tenantIdAndDomainWorkAndAnUnknownTenantIsAadsts90002() {
        String code = microsoft
                .approve(authorizeUrl(microsoft.tenantId(), "User.Read offline_access"))
                .code();
        assertThat(postToken(microsoft.tenantDomain(), codeForm(code)).status()).isEqualTo(200);

        Reply unknown = postToken("no-such-tenant", codeForm("x"));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("error_codes").get(0).asInt()).isEqualTo(90002);
    }

    @Test
    void everyRefreshReturnsANewRefreshTokenAndTheOldOneStaysValid() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));

        Reply first = refresh(connection.refreshToken());
        Reply again = refresh(connection.refreshToken());

        assertThat(first.status()).isEqualTo(200);
        String rotated = first.json().get("refresh_token").asString();
        assertThat(rotated).isNotEqualTo(connection.refreshToken());
        assertThat(again.status()).as("the old refresh token still works").isEqualTo(200);
        assertThat(refresh(rotated).status()).isEqualTo(200);
    }

    @Test
    void refreshingWithin90DaysKeepsTheConnectionAlive() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));
        clock.advance(Duration.ofDays(89));
        String rotated =
                refresh(connection.refreshToken()).json().get("refresh_token").asString();

        clock.advance(Duration.ofDays(89));

        assertThat(refresh(rotated).status()).isEqualTo(200);
    }

    @Test
    void refreshTokenUnusedFor90DaysIsAadsts700082() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));

        clock.advance(Duration.ofDays(91));

        Reply expired = refresh(connection.refreshToken());
        assertThat(expired.status()).isEqualTo(400);
        JsonNode error = expired.json();
        assertThat(error.get("error").asString()).isEqualTo("invalid_grant");
        assertThat(error.get("error_codes").get(0).asInt()).isEqualTo(700082);
        assertThat(error.get("error_description").asString())
                .startsWith("AADSTS700082: ")
                .contains("inactive for 90.00:00:00", "Trace ID: ", "Correlation ID: ", "Timestamp: ");
        assertThat(error.get("trace_id").asString()).isNotBlank();
        assertThat(error.get("correlation_id").asString()).isNotBlank();
        assertThat(error.get("timestamp").asString()).isEqualTo("2026-05-31 10:00:00Z");
    }

    @Test
    void injectedTokenErrorsCarryMicrosoftsShape() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));
        microsoft
                .faults()
                .nextTokenResponse(
                        microsoft.tokenError(MicrosoftTokenError.INTERACTION_REQUIRED),
                        microsoft.tokenError(MicrosoftTokenError.CONSENT_REQUIRED),
                        microsoft.tokenError(MicrosoftTokenError.TEMPORARILY_UNAVAILABLE));

        assertThat(refresh(connection.refreshToken()).json().get("error").asString())
                .isEqualTo("interaction_required");
        assertThat(refresh(connection.refreshToken()).json().get("error").asString())
                .isEqualTo("consent_required");
        Reply unavailable = refresh(connection.refreshToken());
        assertThat(unavailable.status()).isEqualTo(400);
        assertThat(unavailable.json().get("error").asString()).isEqualTo("temporarily_unavailable");
        assertThat(refresh(connection.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void injectedClientSecretErrorsRefuseARightExchangeAs401InvalidClient() {
        microsoft
                .faults()
                .nextTokenResponse(
                        microsoft.tokenError(MicrosoftTokenError.INVALID_CLIENT_SECRET),
                        microsoft.tokenError(MicrosoftTokenError.EXPIRED_CLIENT_SECRET));
        Map<String, String> form = codeForm(microsoft
                .approve(authorizeUrl("common", "User.Read offline_access"))
                .code());
        form.put("client_id", microsoft.client().clientId());
        form.put("client_secret", microsoft.client().clientSecret());

        Reply wrong = http.postForm(microsoft.tokenEndpoint(), form);
        Reply expired = http.postForm(microsoft.tokenEndpoint(), form);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(wrong.json().get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(wrong.json().get("error_description").asString())
                .startsWith("AADSTS7000215: Invalid client secret")
                .contains("app '" + microsoft.client().clientId() + "'", "Trace ID: ", "Correlation ID: ")
                .doesNotContain(microsoft.client().clientSecret());
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(expired.json().get("error_codes").get(0).asInt()).isEqualTo(7000222);
        assertThat(expired.json().get("error_uri").asString()).endsWith("?code=7000222");
        // the faults were answered in place of the exchange: the code is still good
        assertThat(http.postForm(microsoft.tokenEndpoint(), form).status()).isEqualTo(200);
    }

    @Test
    void wrongSecretIsInvalidClient7000215AndBodySecretIsAcceptedToo() {
        String code = microsoft
                .approve(authorizeUrl("common", "User.Read offline_access"))
                .code();
        Map<String, String> form = codeForm(code);
        form.put("client_id", microsoft.client().clientId());
        form.put("client_secret", "wrong");

        Reply wrong = http.postForm(microsoft.tokenEndpoint(), form);
        form.put("client_secret", microsoft.client().clientSecret());
        Reply right = http.postForm(microsoft.tokenEndpoint(), form);

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(wrong.json().get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(right.status()).isEqualTo(200);
    }

    @Test
    void redeemingACodeTwiceIsAadsts54005() {
        String code = microsoft.approve(authorizeUrl("common", "User.Read")).code();
        postToken("common", codeForm(code));

        Reply again = postToken("common", codeForm(code));

        assertThat(again.json().get("error_codes").get(0).asInt()).isEqualTo(54005);
    }

    @Test
    void pkceVerifierIsChecked() {
        URI url = SandboxHttp.withQuery(
                authorizeUrl("common", "User.Read"),
                Map.of("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256"));
        Map<String, String> wrong = codeForm(microsoft.approve(url).code());
        wrong.put("code_verifier", VERIFIER.replace('d', 'x'));
        Map<String, String> right = codeForm(microsoft.approve(url).code());
        right.put("code_verifier", VERIFIER);

        assertThat(postToken("common", wrong).json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(postToken("common", right).status()).isEqualTo(200);
    }

    @Test
    void promptNoneWithoutConsentRedirectsWithInteractionRequired() {
        URI url = SandboxHttp.withQuery(authorizeUrl("common", "User.Read"), Map.of("prompt", "none"));

        Reply reply = http.get(url);

        AuthorizationRedirect redirect = new AuthorizationRedirect(URI.create(reply.header("location")));
        assertThat(redirect.error()).isEqualTo("interaction_required");
    }

    @Test
    void revokeSignInSessionsKillsRefreshTokensButNotTheAccessToken() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));

        Reply revoke = http.postJson(
                microsoft.graphUrl("/me/revokeSignInSessions"),
                "",
                "Authorization",
                "Bearer " + connection.accessToken());

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(revoke.json().get("value").asBoolean()).isTrue();
        assertThat(refresh(connection.refreshToken())
                        .json()
                        .get("error_codes")
                        .get(0)
                        .asInt())
                .isEqualTo(50173);
        assertThat(http.get(microsoft.graphUrl("/me"), "Authorization", "Bearer " + connection.accessToken())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void thereIsNoRevocationEndpoint() {
        assertThat(http.postForm(microsoft.url("/common/oauth2/v2.0/revoke"), Map.of("token", "x"))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void meReturnsTheObjectId() {
        SandboxUser alice = microsoft.user("alice");
        SeededConnection connection = microsoft.connect(alice);

        Reply me = http.get(microsoft.graphUrl("/me"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(me.json().get("id").asString()).isEqualTo(alice.id());
        assertThat(me.json().get("userPrincipalName").asString()).isEqualTo(alice.email());
    }

    @Test
    void expiredAccessTokenIsInvalidAuthenticationToken() {
        microsoft.accessTokenLifetime(Duration.ofMinutes(60));
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));
        clock.advance(Duration.ofMinutes(60));

        Reply me = http.get(microsoft.graphUrl("/me"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.json().get("error").get("code").asString()).isEqualTo("InvalidAuthenticationToken");
        assertThat(me.header("www-authenticate")).startsWith("Bearer");
    }

    @Test
    void messagesAreWalkedWithNextLinkAcrossEmptyPages() {
        microsoft.listFixture(ListFixture.of(23).withEmptyPages(2, 3));
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));

        int pages = 0;
        int messages = 0;
        URI next = SandboxHttp.withQuery(microsoft.graphUrl("/me/messages"), Map.of("$top", "10"));
        while (next != null) {
            JsonNode body = http.get(next, "Authorization", "Bearer " + connection.accessToken())
                    .json();
            pages++;
            messages += body.get("value").size();
            next = body.has("@odata.nextLink")
                    ? URI.create(body.get("@odata.nextLink").asString())
                    : null;
        }

        assertThat(pages).isEqualTo(5);
        assertThat(messages).isEqualTo(23);
    }

    @Test
    void messagesNeedAMailScope() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"), Set.of("User.Read"));

        Reply reply =
                http.get(microsoft.graphUrl("/me/messages"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("error").get("code").asString()).isEqualTo("ErrorAccessDenied");
    }

    @Test
    void throttlingIs429WithRetryAfter() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"));
        microsoft.faults().nextApiResponse(microsoft.throttled(Duration.ofSeconds(30)));

        Reply reply = http.get(microsoft.graphUrl("/me"), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("retry-after")).isEqualTo("30");
        assertThat(reply.json().get("error").get("code").asString()).isEqualTo("TooManyRequests");
    }

    @Test
    void discoveryForCommonUsesTheTenantIdTemplateIssuer() {
        JsonNode common = http.get(microsoft.discoveryUrl("common")).json();
        JsonNode tenant = http.get(microsoft.discoveryUrl(microsoft.tenantId())).json();

        assertThat(common.get("issuer").asString()).endsWith("/{tenantid}/v2.0");
        assertThat(common.get("token_endpoint").asString())
                .isEqualTo(microsoft.tokenEndpoint("common").toString());
        assertThat(tenant.get("issuer").asString()).isEqualTo(microsoft.issuer());
    }

    @Test
    void seededConnectionWithoutOfflineAccessHasNoRefreshToken() {
        SeededConnection connection = microsoft.connect(microsoft.user("alice"), Set.of("User.Read"));

        assertThat(connection.refreshToken()).isNull();
    }

    // ---- helpers ----

    private URI authorizeUrl(String tenant, String scope) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", microsoft.client().clientId());
        parameters.put("response_type", "code");
        parameters.put("redirect_uri", REDIRECT);
        parameters.put("response_mode", "query");
        parameters.put("scope", scope);
        parameters.put("state", "12345");
        return SandboxHttp.withQuery(microsoft.authorizationEndpoint(tenant), parameters);
    }

    private Map<String, String> codeForm(String code) {
        return AuthorizationCodeGrant.form(code, REDIRECT);
    }

    private Reply postToken(String tenant, Map<String, String> form) {
        return http.postForm(
                microsoft.tokenEndpoint(tenant),
                form,
                "Authorization",
                SandboxHttp.basic(
                        microsoft.client().clientId(), microsoft.client().clientSecret()));
    }

    private Reply refresh(String refreshToken) {
        return postToken("common", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
