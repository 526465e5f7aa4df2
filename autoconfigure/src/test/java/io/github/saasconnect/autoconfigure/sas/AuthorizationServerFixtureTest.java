package io.github.saasconnect.autoconfigure.sas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proves the fixture is a working, strict OAuth 2.1 authorization server, using nothing
 * but the JDK's HTTP client: no SaaS Connect code is involved.
 */
class AuthorizationServerFixtureTest {

    private static final String CALLBACK = "http://127.0.0.1:49152/callback";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final SecureRandom random = new SecureRandom();

    private AuthorizationServerFixture server;

    @BeforeEach
    void startServer() {
        this.server = AuthorizationServerFixture.builder()
                .clientId("saas-client")
                .redirectUri("http://127.0.0.1/callback")
                .accessTokenTimeToLive(Duration.ofMinutes(2))
                .refreshTokenTimeToLive(Duration.ofHours(8))
                .start();
    }

    @AfterEach
    void stopServer() {
        this.server.close();
    }

    @Test
    void approvedAuthorizationRedirectsWithCodeAndState() {
        // Given
        String state = randomToken();
        URI authorizationUrl = authorizationUrl("openid profile read write", state, challenge(randomToken()));

        // When
        AuthorizationResponse response = this.server.userAgent().approve(authorizationUrl);

        // Then
        assertThat(response.error()).isNull();
        assertThat(response.code()).isNotBlank();
        assertThat(response.state()).isEqualTo(state);
    }

    @Test
    void metadataAdvertisesTheFixturesEndpoints() throws Exception {
        // Given
        URI metadata = this.server.issuer().resolve("/.well-known/oauth-authorization-server");

        // When
        HttpResponse<String> response =
                this.http.send(HttpRequest.newBuilder(metadata).GET().build(), HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("issuer").asString()).isEqualTo(this.server.issuer().toString());
        assertThat(body.get("authorization_endpoint").asString())
                .isEqualTo(this.server.authorizationEndpoint().toString());
        assertThat(body.get("token_endpoint").asString())
                .isEqualTo(this.server.tokenEndpoint().toString());
        assertThat(body.get("revocation_endpoint").asString())
                .isEqualTo(this.server.revocationEndpoint().toString());
        assertThat(body.get("jwks_uri").asString())
                .isEqualTo(this.server.jwkSetEndpoint().toString());
    }

    @Test
    void sameUserAgentReusesItsLoginSessionAndTheRememberedConsent() {
        // Given
        HeadlessUserAgent browser = this.server.userAgent();
        browser.approve(authorizationUrl("read write", randomToken(), challenge(randomToken())));
        String state = randomToken();

        // When
        AuthorizationResponse second = browser.approve(authorizationUrl("read write", state, challenge(randomToken())));

        // Then
        assertThat(second.code()).isNotBlank();
        assertThat(second.state()).isEqualTo(state);
    }

    @Test
    void wrongPasswordStopsAtTheLoginPage() {
        // Given
        HeadlessUserAgent browser = new HeadlessUserAgent(AuthorizationServerFixture.USERNAME, "wrong");
        URI authorizationUrl = authorizationUrl("read", randomToken(), challenge(randomToken()));

        // When / Then
        assertThatIllegalStateException()
                .isThrownBy(() -> browser.approve(authorizationUrl))
                .withMessageContaining("credentials were rejected");
    }

    @Test
    void unregisteredRedirectUriIsAnErrorPageNotARedirect() {
        // Given
        URI authorizationUrl = URI.create(authorizationUrl("read", randomToken(), challenge(randomToken()))
                .toString()
                .replace(encode(CALLBACK), encode("https://attacker.example/callback")));

        // When / Then
        assertThatIllegalStateException()
                .isThrownBy(() -> this.server.userAgent().approve(authorizationUrl))
                .withMessageContaining("status 400");
    }

    @Test
    void codeIsExchangedWithBasicAuthAndCodeVerifier() throws Exception {
        // Given
        String verifier = randomToken();
        AuthorizationResponse authorization = this.server
                .userAgent()
                .approve(authorizationUrl("openid profile read write", randomToken(), challenge(verifier)));

        // When
        HttpResponse<String> response = tokenRequestWithBasicAuth(Map.of(
                "grant_type",
                "authorization_code",
                "code",
                authorization.code(),
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                verifier));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(response.body());
        assertThat(tokens.get("access_token").asString()).isNotBlank();
        assertThat(tokens.get("refresh_token").asString()).isNotBlank();
        assertThat(tokens.get("id_token").asString()).isNotBlank();
        assertThat(tokens.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asLong()).isBetween(110L, 120L);
        assertThat(tokens.get("scope").asString().split(" "))
                .containsExactlyInAnyOrder("openid", "profile", "read", "write");
    }

    @Test
    void codeIsExchangedWithClientSecretPost() throws Exception {
        // Given
        String verifier = randomToken();
        AuthorizationResponse authorization =
                this.server.userAgent().approve(authorizationUrl("read", randomToken(), challenge(verifier)));

        // When
        HttpResponse<String> response = postForm(
                this.server.tokenEndpoint(),
                null,
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        authorization.code(),
                        "redirect_uri",
                        CALLBACK,
                        "code_verifier",
                        verifier,
                        "client_id",
                        this.server.clientId(),
                        "client_secret",
                        this.server.clientSecret()));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("scope").asString()).isEqualTo("read");
    }

    @Test
    void codeExchangeWithWrongVerifierIsRejected() throws Exception {
        // Given
        AuthorizationResponse authorization =
                this.server.userAgent().approve(authorizationUrl("read", randomToken(), challenge(randomToken())));

        // When
        HttpResponse<String> response = tokenRequestWithBasicAuth(Map.of(
                "grant_type",
                "authorization_code",
                "code",
                authorization.code(),
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                randomToken()));

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void tokenRequestWithWrongClientSecretIsRejectedWithInvalidClient() throws Exception {
        // Given
        String credentials = this.server.clientId() + ":wrong-secret";
        String authorization =
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));

        // When
        HttpResponse<String> response = postForm(
                this.server.tokenEndpoint(),
                authorization,
                Map.of("grant_type", "refresh_token", "refresh_token", randomToken()));

        // Then
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void authorizationRequestWithoutPkceIsRejected() {
        // Given
        String state = randomToken();
        URI authorizationUrl = URI.create(this.server.authorizationEndpoint() + "?"
                + form(Map.of(
                        "response_type",
                        "code",
                        "client_id",
                        this.server.clientId(),
                        "redirect_uri",
                        CALLBACK,
                        "scope",
                        "read",
                        "state",
                        state)));

        // When
        AuthorizationResponse response = this.server.userAgent().approve(authorizationUrl);

        // Then
        assertThat(response.code()).isNull();
        assertThat(response.error()).isEqualTo("invalid_request");
        assertThat(response.state()).isEqualTo(state);
    }

    @Test
    void deniedConsentRedirectsWithAccessDenied() {
        // Given
        String state = randomToken();
        URI authorizationUrl = authorizationUrl("openid read", state, challenge(randomToken()));

        // When
        AuthorizationResponse response = this.server.userAgent().deny(authorizationUrl);

        // Then
        assertThat(response.code()).isNull();
        assertThat(response.error()).isEqualTo("access_denied");
        assertThat(response.state()).isEqualTo(state);
    }

    @Test
    void refreshRotatesTheRefreshTokenAndRejectsTheOldOne() throws Exception {
        // Given
        String firstRefreshToken =
                obtainTokens("read write").get("refresh_token").asString();

        // When
        HttpResponse<String> refreshed = refresh(firstRefreshToken);
        HttpResponse<String> replayed = refresh(firstRefreshToken);

        // Then
        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(refreshed.body());
        assertThat(tokens.get("access_token").asString()).isNotBlank();
        assertThat(tokens.get("refresh_token").asString()).isNotBlank().isNotEqualTo(firstRefreshToken);
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(replayed.body()).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void replayingARotatedRefreshTokenDoesNotRevokeItsSuccessor() throws Exception {
        // Given: Spring Authorization Server has no refresh token reuse detection
        String firstRefreshToken = obtainTokens("read").get("refresh_token").asString();
        String secondRefreshToken = JSON.readTree(refresh(firstRefreshToken).body())
                .get("refresh_token")
                .asString();
        refresh(firstRefreshToken);

        // When
        HttpResponse<String> response = refresh(secondRefreshToken);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void revokedRefreshTokenCannotBeUsed() throws Exception {
        // Given
        String refreshToken = obtainTokens("read").get("refresh_token").asString();

        // When
        HttpResponse<String> revocation = postForm(
                this.server.revocationEndpoint(),
                basicAuthorization(),
                Map.of("token", refreshToken, "token_type_hint", "refresh_token"));
        HttpResponse<String> refresh = refresh(refreshToken);

        // Then
        assertThat(revocation.statusCode()).isEqualTo(200);
        assertThat(refresh.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refresh.body()).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void tokenRequestCountCountsEveryPostToTheTokenEndpoint() throws Exception {
        // Given
        String refreshToken = obtainTokens("read").get("refresh_token").asString();
        assertThat(this.server.tokenRequestCount()).isEqualTo(1);

        // When
        this.server.resetTokenRequestCount();
        refresh(refreshToken);
        refresh(refreshToken);
        postForm(this.server.tokenEndpoint(), null, Map.of("grant_type", "refresh_token", "refresh_token", "x"));

        // Then: the rejected replay and the unauthenticated request count too
        assertThat(this.server.tokenRequestCount()).isEqualTo(3);
    }

    @Test
    void tokenEndpointLatencyDelaysTokenResponses() throws Exception {
        // Given
        String refreshToken = obtainTokens("read").get("refresh_token").asString();
        this.server.tokenEndpointLatency(Duration.ofMillis(300));

        // When
        long started = System.nanoTime();
        HttpResponse<String> response = refresh(refreshToken);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    private JsonNode obtainTokens(String scope) throws Exception {
        String verifier = randomToken();
        AuthorizationResponse authorization =
                this.server.userAgent().approve(authorizationUrl(scope, randomToken(), challenge(verifier)));
        HttpResponse<String> response = tokenRequestWithBasicAuth(Map.of(
                "grant_type",
                "authorization_code",
                "code",
                authorization.code(),
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                verifier));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> refresh(String refreshToken) throws IOException, InterruptedException {
        return tokenRequestWithBasicAuth(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    private HttpResponse<String> tokenRequestWithBasicAuth(Map<String, String> parameters)
            throws IOException, InterruptedException {
        return postForm(this.server.tokenEndpoint(), basicAuthorization(), parameters);
    }

    private HttpResponse<String> postForm(URI uri, String authorization, Map<String, String> parameters)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String basicAuthorization() {
        // RFC 6749 section 2.3.1: form-encode id and secret before Base64.
        String credentials = encode(this.server.clientId()) + ":" + encode(this.server.clientSecret());
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private URI authorizationUrl(String scope, String state, String codeChallenge) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", this.server.clientId());
        parameters.put("redirect_uri", CALLBACK);
        parameters.put("scope", scope);
        parameters.put("state", state);
        parameters.put("code_challenge", codeChallenge);
        parameters.put("code_challenge_method", "S256");
        return URI.create(this.server.authorizationEndpoint() + "?" + form(parameters));
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        this.random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map((parameter) -> encode(parameter.getKey()) + "=" + encode(parameter.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
