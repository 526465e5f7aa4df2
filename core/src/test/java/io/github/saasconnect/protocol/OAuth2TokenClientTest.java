package io.github.saasconnect.protocol;

import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.emptyBody;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.formBody;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.htmlPage;
import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.AmbiguousRotationException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.oauth2.PkceChallenge;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.TokenErrorClassifier;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint;
import io.github.saasconnect.testsupport.ScriptedTokenEndpoint.Request;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** The token endpoint protocol against a real loopback endpoint: formats, errors, faults, client authentication. */
class OAuth2TokenClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final ScriptedTokenEndpoint endpoint = fixture.endpoint;
    private final ConnectionId alice = ConnectionId.of(TokenManagerFixture.REGISTRATION, "alice");

    @AfterEach
    void close() {
        fixture.close();
    }

    // --- successful answers ---

    @Test
    void jsonTokenResponseBecomesATokenSet() {
        // Given
        String refreshToken = endpoint.issueRefreshToken();

        // When
        TokenSet tokens = refresh(refreshToken);

        // Then
        assertThat(endpoint.issuedTokens())
                .contains(tokens.accessToken().reveal(), tokens.refreshToken().reveal());
        assertThat(tokens.refreshToken().reveal()).isNotEqualTo(refreshToken);
        assertThat(tokens.accessTokenExpiresAt())
                .isEqualTo(fixture.clock.instant().plusSeconds(3600));
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.scopes()).containsExactlyInAnyOrder("read", "write");
        assertThat(tokens.refreshTokenExpiresAt()).isNull();
    }

    @Test
    void formEncodedResponseWithCommaSeparatedScopesIsRead() {
        // Given a GitHub-style endpoint: form-encoded answers and comma-separated scopes
        endpoint.formEncodedResponses(true)
                .scope("repo,read:org")
                .expiresIn(28800)
                .refreshTokenExpiresIn(15897600L);
        String refreshToken = endpoint.issueRefreshToken();

        // When
        TokenSet tokens = refresh(refreshToken);

        // Then
        assertThat(endpoint.issuedTokens())
                .contains(tokens.accessToken().reveal(), tokens.refreshToken().reveal());
        assertThat(tokens.scopes()).containsExactlyInAnyOrder("repo", "read:org");
        assertThat(tokens.tokenType()).isEqualTo("Bearer");
        assertThat(tokens.accessTokenExpiresAt())
                .isEqualTo(fixture.clock.instant().plusSeconds(28800));
        assertThat(tokens.refreshTokenExpiresAt())
                .isEqualTo(fixture.clock.instant().plusSeconds(15897600));
    }

    @Test
    void refreshTokenExpiresInBecomesTheRefreshTokenExpiry() {
        // Given
        endpoint.refreshTokenExpiresIn(7_776_000L);

        // When
        TokenSet tokens = refresh(endpoint.issueRefreshToken());

        // Then
        assertThat(tokens.refreshTokenExpiresAt())
                .isEqualTo(fixture.clock.instant().plusSeconds(7_776_000));
    }

    // --- RFC 6749 §5.2 errors ---

    @Test
    void errorWithHttp200IsNotAToken() {
        // Given an error in a 200 answer, as GitHub sends it
        endpoint.enqueue(jsonBody(
                200,
                "{\"error\":\"bad_refresh_token\",\"error_description\":\"The refresh token "
                        + "passed is incorrect or expired.\"}"));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then the standard classifier does not know the code: the client is told, no token comes out
        assertThat(failure)
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("bad_refresh_token"));
    }

    @Test
    void formEncodedErrorWithHttp200IsNotAToken() {
        // Given
        endpoint.enqueue(formBody(
                200,
                "error=bad_refresh_token&error_description=The+refresh+token+passed+is+"
                        + "incorrect+or+expired.&error_uri=https%3A%2F%2Fdocs.github.com"));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        SaasConnectException.class,
                        e -> assertThat(e.getMessage()).contains("bad_refresh_token"));
    }

    @Test
    void errorWithHttp200IsClassifiedByTheRegistrationsClassifier() {
        // Given a classifier that knows bad_refresh_token means the grant is gone (GitHub)
        TokenErrorClassifier github = (r, c, e) -> "bad_refresh_token".equals(e.error())
                ? new ReauthorizationRequiredException(
                        r.id(), c, ReauthorizationCause.GRANT_INVALID, e.error(), e.description())
                : TokenErrorClassifier.STANDARD.classify(r, c, e);
        ProviderRegistration base = fixture.registration();
        ProviderRegistration registration = new ProviderRegistration(
                base.id(),
                base.descriptor().toBuilder().errorClassifier(github).build(),
                base.clientId(),
                base.clientSecret(),
                base.scopes(),
                base.redirectUri(),
                base.refreshSkew());
        endpoint.enqueue(jsonBody(200, "{\"error\":\"bad_refresh_token\"}"));

        // When
        Throwable failure =
                failureOf(fixture.client().refresh(registration, alice, Secret.of(endpoint.issueRefreshToken())));

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("bad_refresh_token"));
    }

    @Test
    void invalidGrantMeansReauthorizationRequired() {
        // Given a refresh token the endpoint does not know
        String unknown = "rt-unknown";

        // When
        Throwable failure = refreshFailure(unknown);

        // Then
        assertThat(failure).isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("invalid_grant");
            assertThat(e.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
            assertThat(e.connection()).isEqualTo(alice);
        });
    }

    @Test
    void errorQuotingTheRefreshTokenSentIsRedacted() {
        // Given a provider that quotes the refresh token it rejects
        String refreshToken = endpoint.issueRefreshToken();
        endpoint.enqueue(jsonBody(
                400, "{\"error\":\"invalid_grant\",\"error_description\":\"token " + refreshToken + " is revoked\"}"));

        // When
        Throwable failure = refreshFailure(refreshToken);

        // Then
        assertThat(failure)
                .isInstanceOf(ReauthorizationRequiredException.class)
                .hasMessageContaining("token [redacted] is revoked")
                .hasMessageNotContaining(refreshToken);
    }

    @Test
    void invalidClientMeansClientMisconfigured() {
        // Given
        endpoint.enqueue(jsonBody(
                401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication " + "failed\"}"));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure).isInstanceOfSatisfying(ClientMisconfiguredException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("invalid_client");
            assertThat(e.kind().retried()).isFalse();
        });
    }

    @Test
    void temporarilyUnavailableIsTransient() {
        // Given
        endpoint.enqueue(jsonBody(400, "{\"error\":\"temporarily_unavailable\"}"));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure).isInstanceOf(TransientFailureException.class);
        assertThat(((SaasConnectException) failure).kind()).isEqualTo(FailureKind.TRANSIENT);
    }

    // --- answers that are not OAuth at all ---

    @Test
    void htmlErrorPageIsTransientWithItsStatus() {
        // Given
        endpoint.enqueue(htmlPage(500));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.status()).isEqualTo(500));
    }

    @Test
    void serviceUnavailableIsTransientWithItsStatus() {
        // Given
        endpoint.enqueue(htmlPage(503));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void errorPageLargerThanTheClientBuffersIsTransientWithItsStatus() {
        // Given
        endpoint.enqueue(new ScriptedTokenEndpoint.Status(
                502, "text/html", "<html>" + "x".repeat(400_000) + "</html>", Map.of()));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void successAnswerThatCannotBeReadOnAStrictRotationRefreshIsAmbiguousRotation() {
        // Given a 200 whose body is too large to read: the provider may have rotated the token in it
        endpoint.enqueue(jsonBody(200, "{\"access_token\":\"" + "a".repeat(400_000) + "\"}"));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure).isInstanceOf(AmbiguousRotationException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 502})
    void emptyBodyIsTransient(int status) {
        // Given
        endpoint.enqueue(emptyBody(status));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.status()).isEqualTo(status));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"access_token\":",
                "null",
                "[]",
                "\"at\"",
                "{\"token_type\":\"bearer\"}",
                "{\"access_token\":\"\"}"
            })
    void malformedJsonIsTransientAndNeverAParseException(String body) {
        // Given
        endpoint.enqueue(jsonBody(200, body));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.status()).isEqualTo(200));
    }

    @Test
    void tooManyRequestsWithRetryAfterSecondsIsRateLimited() {
        // Given
        endpoint.enqueue(jsonBody(429, "{\"error\":\"slow_down\"}", Map.of("Retry-After", "7")));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void tooManyRequestsWithAnHtmlPageIsRateLimited() {
        // Given
        endpoint.enqueue(new ScriptedTokenEndpoint.Status(
                429, "text/html", "<html>slow down</html>", Map.of("Retry-After", "3")));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void retryAfterAsHttpDateIsMeasuredOnTheInjectedClock() {
        // Given a Retry-After date two minutes after the (test) clock's now
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                fixture.clock.instant().plusSeconds(120).atOffset(ZoneOffset.UTC));
        endpoint.enqueue(jsonBody(429, "{\"error\":\"rate_limited\"}", Map.of("Retry-After", date)));

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120)));
    }

    // --- transport faults ---

    @Test
    void timeoutOnAStrictRotationRefreshIsAmbiguousRotation() {
        // Given
        fixture.timeout = Duration.ofMillis(300);
        endpoint.enqueue(new ScriptedTokenEndpoint.Hang());

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure).isInstanceOf(AmbiguousRotationException.class);
        assertThat(endpoint.tokenRequests()).isEqualTo(1);
    }

    @Test
    void timeoutOnARefreshWithoutStrictRotationIsTransient() {
        // Given
        fixture.options = Map.of("rotation", "none");
        fixture.timeout = Duration.ofMillis(300);
        endpoint.enqueue(new ScriptedTokenEndpoint.Hang());

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.status()).isZero());
    }

    @Test
    void timeoutOnACodeExchangeIsTransient() {
        // Given
        fixture.timeout = Duration.ofMillis(300);
        endpoint.enqueue(new ScriptedTokenEndpoint.Hang());

        // When
        Throwable failure = failureOf(fixture.client()
                .exchangeAuthorizationCode(
                        fixture.registration(), alice, "code-1", null, URI.create("http://127.0.0.1/callback")));

        // Then
        assertThat(failure).isInstanceOf(TransientFailureException.class);
    }

    @Test
    void connectionResetOnAStrictRotationRefreshIsAmbiguousRotation() {
        // Given
        endpoint.enqueue(new ScriptedTokenEndpoint.Reset());

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then the request reached the provider once and is not silently sent again
        assertThat(failure).isInstanceOf(AmbiguousRotationException.class);
        assertThat(endpoint.tokenRequests()).isEqualTo(1);
    }

    @Test
    void connectionResetOnARefreshWithoutStrictRotationIsTransient() {
        // Given
        fixture.options = Map.of("rotation", "rotates-old-stays-valid");
        endpoint.enqueue(new ScriptedTokenEndpoint.Reset());

        // When
        Throwable failure = refreshFailure(endpoint.issueRefreshToken());

        // Then
        assertThat(failure)
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        e -> assertThat(e.status()).isZero());
        assertThat(endpoint.tokenRequests()).isEqualTo(1);
    }

    @Test
    void refusedConnectionOnAStrictRotationRefreshIsTransientBecauseNothingWasSent() {
        // Given an endpoint that is gone
        ProviderRegistration registration = fixture.registration();
        String refreshToken = endpoint.issueRefreshToken();
        endpoint.close();

        // When
        Throwable failure = failureOf(fixture.client().refresh(registration, alice, Secret.of(refreshToken)));

        // Then
        assertThat(failure).isInstanceOf(TransientFailureException.class);
    }

    // --- what is sent ---

    @Test
    void basicClientAuthenticationSendsFormEncodedIdAndSecretInTheHeaderOnly() {
        // Given credentials with characters that RFC 6749 §2.3.1 requires to be form-encoded first
        fixture.clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
        fixture.clientId = "acme client";
        fixture.clientSecret = "s3cr%t:+/é";

        // When
        refresh(endpoint.issueRefreshToken());

        // Then
        String expected = Base64.getEncoder()
                .encodeToString((URLEncoder.encode("acme client", StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode("s3cr%t:+/é", StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(endpoint.lastAuthorization()).isEqualTo("Basic " + expected);
        assertThat(endpoint.lastForm()).doesNotContainKeys("client_id", "client_secret");
        assertThat(endpoint.lastForm()).containsEntry("grant_type", "refresh_token");
    }

    @Test
    void bodyClientAuthenticationSendsIdAndSecretInTheForm() {
        // Given
        fixture.clientAuthentication = ClientAuthentication.CLIENT_SECRET_POST;

        // When
        String refreshToken = endpoint.issueRefreshToken();
        refresh(refreshToken);

        // Then
        assertThat(endpoint.lastAuthorization()).isNull();
        assertThat(endpoint.lastForm())
                .containsEntry("client_id", TokenManagerFixture.CLIENT_ID)
                .containsEntry("client_secret", TokenManagerFixture.CLIENT_SECRET)
                .containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", refreshToken);
    }

    @Test
    void publicClientSendsItsIdInTheFormAndNoSecret() {
        // Given
        fixture.clientSecret = null;

        // When
        refresh(endpoint.issueRefreshToken());

        // Then
        assertThat(endpoint.lastAuthorization()).isNull();
        assertThat(endpoint.lastForm())
                .containsEntry("client_id", TokenManagerFixture.CLIENT_ID)
                .doesNotContainKey("client_secret");
    }

    @Test
    void retriedRequestSendsTheClientCredentialsOnce() {
        // Given a request that is subscribed twice (as a retry does)
        fixture.clientAuthentication = ClientAuthentication.CLIENT_SECRET_POST;
        endpoint.strictRotation(false);
        Mono<TokenSet> request =
                fixture.client().refresh(fixture.registration(), alice, Secret.of(endpoint.issueRefreshToken()));

        // When
        request.block(WAIT);
        request.block(WAIT);

        // Then
        assertThat(endpoint.requests())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.form()).containsEntry("client_id", TokenManagerFixture.CLIENT_ID));
    }

    @Test
    void codeExchangeSendsTheCodeThePkceVerifierAndTheRedirectUri() {
        // Given
        PkceChallenge pkce = PkceChallenge.generate(new SecureRandom());
        URI redirect = URI.create("http://127.0.0.1/callback");

        // When
        TokenSet tokens = fixture.client()
                .exchangeAuthorizationCode(fixture.registration(), alice, "code-abc", pkce.verifier(), redirect)
                .block(WAIT);

        // Then
        assertThat(endpoint.lastForm())
                .containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "code-abc")
                .containsEntry("code_verifier", pkce.verifier().reveal())
                .containsEntry("redirect_uri", redirect.toString());
        assertThat(PkceChallenge.challengeOf(endpoint.lastForm().get("code_verifier")))
                .isEqualTo(pkce.challenge());
        assertThat(tokens.refreshToken()).isNotNull();
    }

    @Test
    void revocationFollowsRfc7009() {
        // Given
        String refreshToken = endpoint.issueRefreshToken();

        // When
        fixture.client()
                .revoke(fixture.registration(), alice, Secret.of(refreshToken), "refresh_token")
                .block(WAIT);

        // Then
        assertThat(endpoint.revocations()).singleElement().satisfies((Request r) -> {
            assertThat(r.form())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("token", refreshToken, "token_type_hint", "refresh_token"));
            assertThat(r.authorization()).startsWith("Basic ");
        });
        assertThat(endpoint.isLive(refreshToken)).isFalse();
    }

    private TokenSet refresh(String refreshToken) {
        return fixture.client()
                .refresh(fixture.registration(), alice, Secret.of(refreshToken))
                .block(WAIT);
    }

    private Throwable refreshFailure(String refreshToken) {
        return failureOf(fixture.client().refresh(fixture.registration(), alice, Secret.of(refreshToken)));
    }

    private static Throwable failureOf(Mono<?> call) {
        Throwable[] failure = new Throwable[1];
        Object value = call.onErrorResume(e -> {
                    failure[0] = e;
                    return Mono.empty();
                })
                .block(WAIT);
        assertThat(value).as("expected a failure, got a value").isNull();
        assertThat(failure[0]).as("expected a failure").isNotNull();
        return failure[0];
    }
}
