package io.github.saasconnect.testkit.sandbox.docusign;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.ListFixture;
import io.github.saasconnect.testkit.sandbox.SandboxHttp;
import io.github.saasconnect.testkit.sandbox.SandboxHttp.Reply;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import java.net.URI;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DocuSignSandboxTest {

    private static final String REDIRECT = "http://localhost:8080/callback/docusign";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:10Z"));
    private final SandboxHttp http = new SandboxHttp();
    private DocuSignSandbox docusign;

    @BeforeEach
    void start() {
        docusign =
                DocuSignSandbox.start(SandboxOptions.defaults().withClock(clock).withRedirectUris(REDIRECT));
    }

    @AfterEach
    void stop() {
        docusign.close();
    }

    @Test
    void codeExchangeWithBasicAuthReturnsJsonTokens() {
        String code = docusign.approve(authorizeUrl("signature extended")).code();

        Reply reply = postToken(codeForm(code));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(28800);
        assertThat(body.get("access_token").asString()).isNotBlank();
        assertThat(body.get("refresh_token").asString()).isNotBlank();
    }

    @Test
    void clientCredentialsInTheBodyAreInvalidClient() {
        String code = docusign.approve(authorizeUrl("signature")).code();
        Map<String, String> form = codeForm(code);
        form.put("client_id", docusign.client().clientId());
        form.put("client_secret", docusign.client().clientSecret());

        Reply reply = http.postForm(docusign.tokenEndpoint(), form);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void wrongSecretShowsUpAsInvalidGrantExpiredClientToken() {
        String code = docusign.approve(authorizeUrl("signature")).code();

        Reply reply = http.postForm(
                docusign.tokenEndpoint(),
                codeForm(code),
                "Authorization",
                SandboxHttp.basic(docusign.client().clientId(), "wrong"));

        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(reply.json().get("error_description").asString()).isEqualTo("expired_client_token");
    }

    @Test
    void everyRefreshRotatesAndTheUsedRefreshTokenIsDead() {
        SeededConnection connection = docusign.connect(docusign.user("alice"));

        Reply first = refresh(connection.refreshToken());
        Reply reused = refresh(connection.refreshToken());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("refresh_token").asString()).isNotEqualTo(connection.refreshToken());
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(refresh(first.json().get("refresh_token").asString()).status())
                .isEqualTo(200);
    }

    @Test
    void withExtendedEachRefreshTokenGetsAFull30Days() {
        SeededConnection connection = docusign.connect(docusign.user("alice"), Set.of("signature", "extended"));
        clock.advance(Duration.ofDays(20));
        String second =
                refresh(connection.refreshToken()).json().get("refresh_token").asString();

        clock.advance(Duration.ofDays(20));

        assertThat(refresh(second).status()).isEqualTo(200);
    }

    @Test
    void withoutExtendedRotatedRefreshTokensKeepTheFirstExpiry() {
        SeededConnection connection = docusign.connect(docusign.user("alice"), Set.of("signature"));
        clock.advance(Duration.ofDays(20));
        String second =
                refresh(connection.refreshToken()).json().get("refresh_token").asString();

        clock.advance(Duration.ofDays(10));

        assertThat(refresh(second).json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void revokedConsentKillsRefreshTokensButNotTheLiveAccessToken() {
        SandboxUser alice = docusign.user("alice");
        SeededConnection connection = docusign.connect(alice);

        docusign.revokeGrant(alice);

        assertThat(refresh(connection.refreshToken()).json().get("error").asString())
                .isEqualTo("invalid_grant");
        assertThat(http.get(docusign.userInfoEndpoint(), "Authorization", "Bearer " + connection.accessToken())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void userInfoListsAccountsWithBaseUriPointingAtTheSandbox() {
        SandboxUser alice = docusign.user("alice");
        DocuSignAccount second = docusign.addAccount(alice, "Second Co", false);
        SeededConnection connection = docusign.connect(alice);

        JsonNode body = http.get(docusign.userInfoEndpoint(), "Authorization", "Bearer " + connection.accessToken())
                .json();

        assertThat(body.get("sub").asString()).isEqualTo(alice.id());
        assertThat(body.get("accounts").size()).isEqualTo(2);
        JsonNode first = body.get("accounts").get(0);
        assertThat(first.get("is_default").asBoolean()).isTrue();
        assertThat(first.get("base_uri").asString())
                .isEqualTo(docusign.baseUrl().toString());
        assertThat(body.get("accounts").get(1).get("account_id").asString()).isEqualTo(second.accountId());
        assertThat(body.get("accounts").get(1).get("account_name").asString()).isEqualTo("Second Co");
    }

    @Test
    void envelopesAreWalkedWithNextUriAndCarryRateLimitHeaders() {
        docusign.listFixture(ListFixture.of(25));
        SandboxUser alice = docusign.user("alice");
        SeededConnection connection = docusign.connect(alice);
        DocuSignAccount account = docusign.accounts(alice).get(0);

        int pages = 0;
        int envelopes = 0;
        Reply last = null;
        URI next = URI.create(docusign.envelopesUrl(account.accountId()) + "?count=10&from_date=2026-01-01");
        while (next != null) {
            last = http.get(next, "Authorization", "Bearer " + connection.accessToken());
            JsonNode body = last.json();
            pages++;
            envelopes += body.get("envelopes").size();
            assertThat(body.get("totalSetSize").asString()).isEqualTo("25");
            String nextUri = body.get("nextUri").asString();
            next = nextUri.isEmpty() ? null : URI.create(account.baseUri() + nextUri);
        }

        assertThat(pages).isEqualTo(3);
        assertThat(envelopes).isEqualTo(25);
        assertThat(last.json().get("resultSetSize").asString()).isEqualTo("5");
        assertThat(last.json().get("startPosition").asString()).isEqualTo("20");
        assertThat(last.json().get("endPosition").asString()).isEqualTo("24");
        assertThat(last.header("X-RateLimit-Limit")).isEqualTo("3000");
        assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("2997");
        assertThat(last.header("X-RateLimit-Reset"))
                .isEqualTo(Long.toString(Instant.parse("2026-03-01T11:00:00Z").getEpochSecond()));
        assertThat(last.header("X-BurstLimit-Limit")).isEqualTo("200");
        assertThat(last.header("X-BurstLimit-Remaining")).isEqualTo("197");
    }

    @Test
    void hourlyLimitBlocksUntilTheNextHour() {
        docusign.hourlyLimit(2);
        SandboxUser alice = docusign.user("alice");
        SeededConnection connection = docusign.connect(alice);
        URI envelopes = docusign.envelopesUrl(docusign.accounts(alice).get(0).accountId());
        http.get(envelopes, "Authorization", "Bearer " + connection.accessToken());
        http.get(envelopes, "Authorization", "Bearer " + connection.accessToken());

        Reply blocked = http.get(envelopes, "Authorization", "Bearer " + connection.accessToken());
        clock.set(Instant.parse("2026-03-01T11:00:00Z"));
        Reply nextHour = http.get(envelopes, "Authorization", "Bearer " + connection.accessToken());

        assertThat(blocked.status()).isEqualTo(400);
        assertThat(blocked.json().get("errorCode").asString()).isEqualTo("HOURLY_APIINVOCATION_LIMIT_EXCEEDED");
        assertThat(blocked.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(nextHour.status()).isEqualTo(200);
    }

    @Test
    void burstLimitCanAnswer429() {
        docusign.burstLimit(1);
        docusign.limitErrorStatus(429);
        SandboxUser alice = docusign.user("alice");
        SeededConnection connection = docusign.connect(alice);
        URI envelopes = docusign.envelopesUrl(docusign.accounts(alice).get(0).accountId());
        http.get(envelopes, "Authorization", "Bearer " + connection.accessToken());

        Reply blocked = http.get(envelopes, "Authorization", "Bearer " + connection.accessToken());
        clock.advance(Duration.ofSeconds(30));

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("X-BurstLimit-Remaining")).isEqualTo("0");
        assertThat(http.get(envelopes, "Authorization", "Bearer " + connection.accessToken())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void expiredAccessTokenIs401OnTheRestApi() {
        SandboxUser alice = docusign.user("alice");
        SeededConnection connection = docusign.connect(alice);
        clock.advance(Duration.ofHours(8));

        Reply reply = http.get(
                docusign.envelopesUrl(docusign.accounts(alice).get(0).accountId()),
                "Authorization",
                "Bearer " + connection.accessToken());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("errorCode").asString()).isEqualTo("USER_AUTHENTICATION_FAILED");
    }

    @Test
    void anotherUsersAccountIsRefused() {
        SeededConnection connection = docusign.connect(docusign.user("alice"));
        String bobsAccount = docusign.accounts(docusign.user("bob")).get(0).accountId();

        Reply reply =
                http.get(docusign.envelopesUrl(bobsAccount), "Authorization", "Bearer " + connection.accessToken());

        assertThat(reply.json().get("errorCode").asString()).isEqualTo("USER_LACKS_MEMBERSHIP");
    }

    // ---- helpers ----

    @Test
    void theJwtGrantChecksTheAssertionAndTheUsersConsent() throws Exception {
        docusign.appPublicKey(TestKeys.APP.publicKey());
        SandboxUser alice = docusign.user("alice");
        Instant now = clock.instant();

        assertThat(jwtGrant(assertion(alice.id(), "signature impersonation", docusign.jwtAudience(), now, 3600))
                        .json()
                        .get("error")
                        .asString())
                .isEqualTo("consent_required");

        docusign.consentToImpersonation(alice);
        Reply granted = jwtGrant(assertion(alice.id(), "signature impersonation", docusign.jwtAudience(), now, 3600));
        assertThat(granted.status()).isEqualTo(200);
        assertThat(granted.json().get("expires_in").asInt()).isEqualTo(3600);
        assertThat(granted.json().has("refresh_token")).isFalse();
        Reply userinfo = http.get(
                docusign.userInfoEndpoint(),
                "Authorization",
                "Bearer " + granted.json().get("access_token").asString());
        assertThat(userinfo.json().get("sub").asString()).isEqualTo(alice.id());

        assertThat(jwtGrant(assertion(alice.id(), "signature impersonation", docusign.jwtAudience(), now, 3601))
                        .json()
                        .get("error_description")
                        .asString())
                .as("more than an hour of life")
                .isEqualTo("expired_assertion");
        assertThat(jwtGrant(assertion(
                                alice.id(),
                                "signature impersonation",
                                docusign.baseUrl().toString(),
                                now,
                                60))
                        .json()
                        .get("error_description")
                        .asString())
                .as("aud with a scheme")
                .isEqualTo("invalid_audience");
        assertThat(jwtGrant(assertion(alice.id(), "signature", docusign.jwtAudience(), now, 60))
                        .json()
                        .get("error")
                        .asString())
                .isEqualTo("invalid_scope");
        assertThat(jwtGrant(assertion(
                                "0f6e4c7a-1111-4222-8333-944445555666",
                                "signature impersonation",
                                docusign.jwtAudience(),
                                now,
                                60))
                        .json()
                        .get("error_description")
                        .asString())
                .isEqualTo("user_not_found");

        docusign.withdrawImpersonationConsent(alice);
        assertThat(jwtGrant(assertion(alice.id(), "signature impersonation", docusign.jwtAudience(), now, 60))
                        .json()
                        .get("error")
                        .asString())
                .isEqualTo("consent_required");
    }

    @Test
    void aJwtGrantAssertionSignedByAnotherKeyIsInvalidGrant() throws Exception {
        docusign.appPublicKey(TestKeys.OTHER.publicKey());
        SandboxUser alice = docusign.user("alice");
        docusign.consentToImpersonation(alice);

        Reply reply =
                jwtGrant(assertion(alice.id(), "signature impersonation", docusign.jwtAudience(), clock.instant(), 60));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(reply.json().get("error_description").asString()).isEqualTo("no_valid_keys_or_signatures");
    }

    private Reply jwtGrant(String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        form.put("assertion", assertion);
        return http.postForm(docusign.tokenEndpoint(), form);
    }

    private String assertion(String subject, String scope, String audience, Instant issued, long lifetimeSeconds)
            throws Exception {
        String pem = TestKeys.APP.privateKeyPem().replaceAll("-----[A-Z ]+-----|\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer(docusign.client().clientId())
                        .subject(subject)
                        .audience(audience)
                        .claim("scope", scope)
                        .issueTime(Date.from(issued))
                        .expirationTime(Date.from(issued.plusSeconds(lifetimeSeconds)))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private URI authorizeUrl(String scope) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("scope", scope);
        parameters.put("client_id", docusign.client().clientId());
        parameters.put("redirect_uri", REDIRECT);
        parameters.put("state", "s1");
        return SandboxHttp.withQuery(docusign.authorizationEndpoint(), parameters);
    }

    private Map<String, String> codeForm(String code) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        return form;
    }

    private Reply postToken(Map<String, String> form) {
        return http.postForm(
                docusign.tokenEndpoint(),
                form,
                "Authorization",
                SandboxHttp.basic(
                        docusign.client().clientId(), docusign.client().clientSecret()));
    }

    private Reply refresh(String refreshToken) {
        return postToken(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }
}
