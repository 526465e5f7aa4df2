package io.github.saasconnect.testkit.sandbox.google;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationCodeGrant;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.ConsentMode;
import io.github.saasconnect.testkit.sandbox.Endpoint;
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

class GoogleSandboxTest {

    private static final String REDIRECT = "http://localhost:8080/callback/google";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    private final SandboxHttp http = new SandboxHttp();
    private GoogleSandbox google;

    @BeforeEach
    void start() {
        google = GoogleSandbox.start(SandboxOptions.defaults().withClock(clock).withRedirectUris(REDIRECT));
    }

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void discoveryDocumentPointsAtTheSandboxAndMayBeCached() {
        Reply reply = http.get(google.discoveryUrl());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("cache-control")).contains("max-age=");
        JsonNode document = reply.json();
        assertThat(document.get("token_endpoint").asString())
                .isEqualTo(google.tokenEndpoint().toString());
        assertThat(document.get("authorization_endpoint").asString())
                .isEqualTo(google.authorizationEndpoint().toString());
        assertThat(document.get("revocation_endpoint").asString())
                .isEqualTo(google.revocationEndpoint().toString());
        assertThat(document.get("token_endpoint_auth_methods_supported").toString())
                .contains("client_secret_post", "client_secret_basic");
        assertThat(document.get("code_challenge_methods_supported").toString()).contains("plain", "S256");
    }

    @Test
    void autoApprovedAuthorizationRedirectsWithCodeAndState() {
        Reply reply = http.get(authorizeUrl(Map.of("access_type", "offline")));

        assertThat(reply.status()).isEqualTo(302);
        AuthorizationRedirect redirect = new AuthorizationRedirect(URI.create(reply.header("location")));
        assertThat(redirect.location().toString()).startsWith(REDIRECT + "?");
        assertThat(redirect.code()).startsWith("4/0A");
        assertThat(redirect.state()).isEqualTo("xyz");
    }

    @Test
    void codeExchangeWithBasicAuthReturnsJsonTokensAndIdToken() {
        String code =
                google.approve(authorizeUrl(Map.of("access_type", "offline"))).code();

        Reply reply = http.postForm(
                google.tokenEndpoint(),
                codeForm(code),
                "Authorization",
                SandboxHttp.basic(google.client().clientId(), google.client().clientSecret()));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("access_token").asString()).startsWith("ya29.");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3599);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("scope").asString())
                .isEqualTo("openid email https://www.googleapis.com/auth/drive.readonly");
        assertThat(body.get("refresh_token").asString()).startsWith("1//");
        assertThat(body.has("refresh_token_expires_in")).isFalse();
        JsonNode idToken = Jwt.claims(body.get("id_token").asString());
        assertThat(idToken.get("sub").asString())
                .isEqualTo(google.signedInUser().id())
                .hasSize(21);
        assertThat(idToken.get("aud").asString()).isEqualTo(google.client().clientId());
        assertThat(idToken.get("iss").asString()).isEqualTo(google.issuer());
    }

    @Test
    void clientSecretInTheFormBodyIsAcceptedToo() {
        String code = google.approve(authorizeUrl(Map.of())).code();
        Map<String, String> form = codeForm(code);
        form.put("client_id", google.client().clientId());
        form.put("client_secret", google.client().clientSecret());

        Reply reply = http.postForm(google.tokenEndpoint(), form);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("refresh_token"))
                .as("online access has no refresh token")
                .isFalse();
    }

    @Test
    void wrongClientSecretIsInvalidClient() {
        String code = google.approve(authorizeUrl(Map.of())).code();

        Reply reply = http.postForm(
                google.tokenEndpoint(),
                codeForm(code),
                "Authorization",
                SandboxHttp.basic(google.client().clientId(), "wrong"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void refreshTokenComesOnlyWithConsentSoASecondAuthorizationHasNoneUnlessPromptConsent() {
        assertThat(exchange(google.approve(authorizeUrl(Map.of("access_type", "offline")))
                                .code())
                        .has("refresh_token"))
                .isTrue();

        JsonNode second = exchange(
                google.approve(authorizeUrl(Map.of("access_type", "offline"))).code());
        JsonNode forced = exchange(google.approve(authorizeUrl(Map.of("access_type", "offline", "prompt", "consent")))
                .code());

        assertThat(second.has("refresh_token")).isFalse();
        assertThat(forced.has("refresh_token")).isTrue();
    }

    @Test
    void refreshReturnsNoNewRefreshTokenAndTheOldOneKeepsWorking() {
        SeededConnection connection = google.connect(google.user("alice"));

        Reply first = refresh(connection.refreshToken());
        Reply second = refresh(connection.refreshToken());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().has("refresh_token")).isFalse();
        assertThat(first.json().get("expires_in").asInt()).isEqualTo(3599);
        assertThat(first.json().has("id_token")).as("openid was granted").isTrue();
        assertThat(second.status()).isEqualTo(200);
    }

    @Test
    void revokedGrantGivesInvalidGrantWithGooglesDescription() {
        SandboxUser alice = google.user("alice");
        SeededConnection connection = google.connect(alice);
        google.revokeGrant(alice);

        Reply reply = refresh(connection.refreshToken());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(reply.json().get("error_description").asString()).isEqualTo("Token has been expired or revoked.");
    }

    @Test
    void expireRefreshTokenKnobMakesItInvalidGrant() {
        SeededConnection connection = google.connect(google.user("alice"));

        google.expireRefreshToken(connection.refreshToken());

        assertThat(refresh(connection.refreshToken())
                        .json()
                        .get("error_description")
                        .asString())
                .isEqualTo("Token has been expired or revoked.");
    }

    @Test
    void loginHintPicksTheUser() {
        JsonNode body = exchange(google.approve(authorizeUrl(Map.of("login_hint", "frank@example.com")))
                .code());

        assertThat(Jwt.claims(body.get("id_token").asString()).get("sub").asString())
                .isEqualTo(google.user("frank").id());
    }

    @Test
    void promptNoneWithoutAGrantIsConsentRequired() {
        Reply reply = http.get(authorizeUrl(Map.of("prompt", "none")));

        assertThat(new AuthorizationRedirect(URI.create(reply.header("location"))).error())
                .isEqualTo("consent_required");
    }

    @Test
    void refreshTokenUnusedForSixMonthsExpires() {
        SeededConnection connection = google.connect(google.user("alice"));
        clock.advance(Duration.ofDays(150));
        assertThat(refresh(connection.refreshToken()).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(184));

        assertThat(refresh(connection.refreshToken()).json().get("error").asString())
                .isEqualTo("invalid_grant");
    }

    @Test
    void testingPublishingStatusLimitsRefreshTokensToSevenDaysUnlessOnlyBasicProfileScopes() {
        google.publishingStatus(GooglePublishingStatus.TESTING);
        SeededConnection drive = google.connect(google.user("alice"));
        SeededConnection profileOnly = google.connect(google.user("bob"), Set.of("openid", "email", "profile"));

        clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(refresh(drive.refreshToken()).status()).isEqualTo(400);
        assertThat(refresh(profileOnly.refreshToken()).status()).isEqualTo(200);
    }

    @Test
    void timeBasedAccessAddsRefreshTokenExpiresIn() {
        google.timeBasedAccess(Duration.ofDays(1));

        JsonNode body = exchange(
                google.approve(authorizeUrl(Map.of("access_type", "offline"))).code());

        assertThat(body.get("refresh_token_expires_in").asLong()).isEqualTo(86_400L);
    }

    @Test
    void invalidRaptFaultCarriesTheSubtype() {
        SeededConnection connection = google.connect(google.user("alice"));
        google.faults().nextTokenResponse(google.invalidRapt());

        Reply reply = refresh(connection.refreshToken());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(reply.json().get("error_subtype").asString()).isEqualTo("invalid_rapt");
        assertThat(refresh(connection.refreshToken()).status())
                .as("one fault only")
                .isEqualTo(200);
    }

    @Test
    void partialGrantReturnsASubsetOfTheRequestedScopes() {
        google.grantOnly("openid", "email");

        JsonNode body = exchange(google.approve(authorizeUrl(Map.of())).code());

        assertThat(body.get("scope").asString()).isEqualTo("openid email");
    }

    @Test
    void includeGrantedScopesAddsEarlierGrants() {
        exchange(google.approve(authorizeUrl(Map.of())).code());
        Map<String, String> incremental = new LinkedHashMap<>(baseParameters());
        incremental.put("scope", "https://www.googleapis.com/auth/calendar");
        incremental.put("include_granted_scopes", "true");

        JsonNode body = exchange(google.approve(SandboxHttp.withQuery(google.authorizationEndpoint(), incremental))
                .code());

        assertThat(body.get("scope").asString()).contains("openid", "https://www.googleapis.com/auth/calendar");
    }

    @Test
    void pkceS256IsVerified() {
        Map<String, String> pkce = Map.of("code_challenge", Pkce.s256(VERIFIER), "code_challenge_method", "S256");
        String good = google.approve(authorizeUrl(pkce)).code();
        String missing = google.approve(authorizeUrl(pkce)).code();
        String wrong = google.approve(authorizeUrl(pkce)).code();

        Map<String, String> withVerifier = codeForm(good);
        withVerifier.put("code_verifier", VERIFIER);
        Map<String, String> withWrongVerifier = codeForm(wrong);
        withWrongVerifier.put("code_verifier", VERIFIER.replace('d', 'e'));

        assertThat(postToken(withVerifier).status()).isEqualTo(200);
        assertThat(postToken(codeForm(missing)).json().get("error_description").asString())
                .isEqualTo("Missing code verifier.");
        assertThat(postToken(withWrongVerifier).json().get("error_description").asString())
                .isEqualTo("Invalid code verifier.");
    }

    @Test
    void pkcePlainIsAccepted() {
        String code = google.approve(authorizeUrl(Map.of("code_challenge", VERIFIER, "code_challenge_method", "plain")))
                .code();
        Map<String, String> form = codeForm(code);
        form.put("code_verifier", VERIFIER);

        assertThat(postToken(form).status()).isEqualTo(200);
    }

    @Test
    void authorizationWithoutScopeShowsAnErrorPage() {
        Map<String, String> parameters = new LinkedHashMap<>(baseParameters());
        parameters.remove("scope");

        Reply reply = http.get(SandboxHttp.withQuery(google.authorizationEndpoint(), parameters));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("text/html");
        assertThat(reply.body()).contains("invalid_request", "scope");
    }

    @Test
    void unregisteredRedirectUriShowsAnErrorPage() {
        Map<String, String> parameters = new LinkedHashMap<>(baseParameters());
        parameters.put("redirect_uri", "http://evil.example/cb");

        Reply reply = http.get(SandboxHttp.withQuery(google.authorizationEndpoint(), parameters));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("redirect_uri_mismatch");
    }

    @Test
    void codeIsSingleUseAndDiesAfterTenMinutes() {
        String code = google.approve(authorizeUrl(Map.of())).code();
        String late = google.approve(authorizeUrl(Map.of())).code();
        assertThat(postToken(codeForm(code)).status()).isEqualTo(200);

        Reply reused = postToken(codeForm(code));
        clock.advance(Duration.ofMinutes(11));
        Reply expired = postToken(codeForm(late));

        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(expired.json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void revokeIsPostOnlyAnd400ForAnAlreadyRevokedToken() {
        SeededConnection connection = google.connect(google.user("alice"));

        Reply revoked = http.postForm(google.revocationEndpoint(), Map.of("token", connection.accessToken()));
        Reply again = http.postForm(google.revocationEndpoint(), Map.of("token", connection.accessToken()));
        Reply viaGet = http.get(SandboxHttp.withQuery(google.revocationEndpoint(), Map.of("token", "x")));

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(400);
        assertThat(viaGet.status()).isEqualTo(404);
        assertThat(refresh(connection.refreshToken()).status())
                .as("access-token revoke kills the RT")
                .isEqualTo(400);
        assertThat(google.requestCount(Endpoint.REVOCATION)).isEqualTo(3);
    }

    @Test
    void userInfoReturnsTheSameSubAsTheIdToken() {
        SeededConnection connection = google.connect(google.user("carol"));

        Reply reply = http.get(google.userInfoEndpoint(), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("sub").asString())
                .isEqualTo(google.user("carol").id());
        assertThat(reply.json().get("email").asString()).isEqualTo("carol@example.com");
    }

    @Test
    void expiredAccessTokenIsRejectedByTheApiWith401() {
        SeededConnection connection = google.connect(google.user("alice"));
        clock.advance(Duration.ofSeconds(3600));

        Reply reply = http.get(google.driveFilesUrl(), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("www-authenticate")).contains("invalid_token");
        assertThat(reply.json().get("error").get("status").asString()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void driveListIsWalkedWithPageTokensAcrossAnEmptyPage() {
        google.listFixture(ListFixture.of(25).withEmptyPages(2));
        SeededConnection connection = google.connect(google.user("alice"));

        int pages = 0;
        int files = 0;
        String token = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("pageSize", "10");
            if (token != null) {
                query.put("pageToken", token);
            }
            JsonNode body = http.get(
                            SandboxHttp.withQuery(google.driveFilesUrl(), query),
                            "Authorization",
                            "Bearer " + connection.accessToken())
                    .json();
            pages++;
            files += body.get("files").size();
            token = body.has("nextPageToken") ? body.get("nextPageToken").asString() : null;
        } while (token != null);

        assertThat(pages).isEqualTo(4);
        assertThat(files).isEqualTo(25);
        assertThat(google.requests().count("GET", "/drive/v3/files")).isEqualTo(4);
    }

    @Test
    void tokenWithoutADriveScopeIsForbiddenOnDrive() {
        SeededConnection connection = google.connect(google.user("alice"), Set.of("openid", "email"));

        Reply reply = http.get(google.driveFilesUrl(), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("error").get("errors").get(0).get("reason").asString())
                .isEqualTo("insufficientPermissions");
    }

    @Test
    void rateLimitFaultsUseGooglesErrorEnvelope() {
        SeededConnection connection = google.connect(google.user("alice"));
        google.faults()
                .nextApiResponse(google.userRateLimitExceeded(), google.rateLimitExceeded(), google.tooManyRequests());

        Reply user = http.get(google.driveFilesUrl(), "Authorization", "Bearer " + connection.accessToken());
        Reply project = http.get(google.driveFilesUrl(), "Authorization", "Bearer " + connection.accessToken());
        Reply tooMany = http.get(google.driveFilesUrl(), "Authorization", "Bearer " + connection.accessToken());

        assertThat(user.status()).isEqualTo(403);
        assertThat(user.json().get("error").get("errors").get(0).get("reason").asString())
                .isEqualTo("userRateLimitExceeded");
        assertThat(project.json()
                        .get("error")
                        .get("errors")
                        .get(0)
                        .get("reason")
                        .asString())
                .isEqualTo("rateLimitExceeded");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.header("x-ratelimit-remaining")).isNull();
    }

    @Test
    void consentFormDenyRedirectsWithAccessDenied() {
        google.consentMode(ConsentMode.FORM);
        Reply page = http.get(authorizeUrl(Map.of()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<form", "name=\"decision\" value=\"approve\"", "value=\"deny\"");

        Map<String, String> form = new LinkedHashMap<>(baseParameters());
        form.put("consent_form", "1");
        form.put("decision", "deny");
        Reply denied = http.postForm(google.authorizationEndpoint(), form);

        assertThat(denied.status()).isEqualTo(302);
        AuthorizationRedirect redirect = new AuthorizationRedirect(URI.create(denied.header("location")));
        assertThat(redirect.error()).isEqualTo("access_denied");
        assertThat(redirect.state()).isEqualTo("xyz");
    }

    @Test
    void consentFormApproveWithAnUntickedScopeGrantsTheRest() {
        google.consentMode(ConsentMode.FORM);
        Map<String, String> form = new LinkedHashMap<>(baseParameters());
        form.put("consent_form", "1");
        form.put("granted_scope:openid", "on");
        form.put("granted_scope:email", "on");
        form.put("login", "dave");
        form.put("decision", "approve");

        Reply approved = http.postForm(google.authorizationEndpoint(), form);
        JsonNode body = exchange(new AuthorizationRedirect(URI.create(approved.header("location"))).code());

        assertThat(body.get("scope").asString()).isEqualTo("openid email");
        assertThat(Jwt.claims(body.get("id_token").asString()).get("sub").asString())
                .isEqualTo(google.user("dave").id());
    }

    // ---- helpers ----

    private Map<String, String> baseParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("client_id", google.client().clientId());
        parameters.put("redirect_uri", REDIRECT);
        parameters.put("response_type", "code");
        parameters.put("scope", "openid email https://www.googleapis.com/auth/drive.readonly");
        parameters.put("state", "xyz");
        return parameters;
    }

    private URI authorizeUrl(Map<String, String> extra) {
        Map<String, String> parameters = baseParameters();
        parameters.putAll(extra);
        return SandboxHttp.withQuery(google.authorizationEndpoint(), parameters);
    }

    private Map<String, String> codeForm(String code) {
        return AuthorizationCodeGrant.form(code, REDIRECT);
    }

    private Reply postToken(Map<String, String> form) {
        return http.postForm(
                google.tokenEndpoint(),
                form,
                "Authorization",
                SandboxHttp.basic(google.client().clientId(), google.client().clientSecret()));
    }

    private JsonNode exchange(String code) {
        Reply reply = postToken(codeForm(code));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private Reply refresh(String refreshToken) {
        return postToken(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
