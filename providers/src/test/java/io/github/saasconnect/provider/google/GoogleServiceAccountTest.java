package io.github.saasconnect.provider.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.testing.AppTokenScenario;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.signing.LocalJwsSigner;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Google service accounts with domain-wide delegation, over HTTP against the Google sandbox. */
class GoogleServiceAccountTest {

    private static final String SERVICE_ACCOUNT = "sync@acme-project.iam.gserviceaccount.com";
    private static final String DRIVE = "https://www.googleapis.com/auth/drive.readonly";
    private static final String GMAIL = "https://www.googleapis.com/auth/gmail.readonly";

    private final SandboxFlow flow = new SandboxFlow();
    private final GoogleSandbox google =
            GoogleSandbox.start(SandboxOptions.defaults().withClock(flow.clock));

    GoogleServiceAccountTest() {
        google.registerServiceAccount(SERVICE_ACCOUNT, TestKeys.APP.publicKey());
        google.delegateDomainWide(SERVICE_ACCOUNT, DRIVE);
    }

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void aDelegatedUserIsImpersonatedWithASignedJwtBearerGrant() throws Exception {
        AppTokenScenario app = scenario(credentials(TestKeys.APP, Map.of("key-id", "k-1")), "alice@example.com");

        AccessToken token = app.token();

        assertThat(token.expiresAt()).isEqualTo(flow.clock.instant().plusSeconds(3599));
        Map<String, String> form =
                google.requests().last(Endpoint.TOKEN).orElseThrow().form();
        assertThat(form.keySet()).containsExactlyInAnyOrder("grant_type", "assertion");
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.getHeader().getKeyID()).isEqualTo("k-1");
        assertThat(assertion.verify(new RSASSAVerifier(TestKeys.APP.publicKey())))
                .isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(SERVICE_ACCOUNT);
        assertThat(claims.getSubject()).isEqualTo("alice@example.com");
        assertThat(claims.getAudience()).containsExactly(google.tokenEndpoint().toString());
        assertThat(claims.getStringClaim("scope")).isEqualTo(DRIVE);
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(flow.clock.instant()));
        assertThat(claims.getExpirationTime())
                .isEqualTo(Date.from(flow.clock.instant().plus(Duration.ofHours(1))));
        app.assertNothingStored();
    }

    @Test
    void theServiceAccountActsAsItselfWithoutSubAndScopesMayBePerConnection() throws Exception {
        AppTokenScenario app = new AppTokenScenario(
                flow,
                google,
                registration(credentials(TestKeys.APP, Map.of())),
                GoogleServiceAccount.connection("gsa", GoogleServiceAccount.SELF, GMAIL),
                Endpoint.TOKEN);

        assertThat(app.token()).isNotNull();

        JWTClaimsSet claims = SignedJWT.parse(google.requests()
                        .last(Endpoint.TOKEN)
                        .orElseThrow()
                        .form()
                        .get("assertion"))
                .getJWTClaimsSet();
        assertThat(claims.getSubject()).isNull();
        assertThat(claims.getStringClaim("scope")).isEqualTo(GMAIL);
    }

    @Test
    void aTokenIsCachedUntilItsRefreshWindowThenMintedAgain() {
        scenario(credentials(TestKeys.APP, Map.of()), "alice@example.com")
                .assertCachedUntilRefreshWindow(Duration.ofSeconds(3599));
    }

    @Test
    void twoHundredConcurrentCallersShareOneTokenRequest() throws Exception {
        scenario(credentials(TestKeys.APP, Map.of()), "alice@example.com").assertConcurrentCallersShareOneMint(200);
    }

    @ParameterizedTest
    @MethodSource("io.github.saasconnect.provider.testing.AppTokenScenario#retriedFaults")
    void faultsAreRetried(Fault fault) {
        scenario(credentials(TestKeys.APP, Map.of()), "alice@example.com").assertRetried(fault);
    }

    @Test
    void aUserOutsideTheDomainIsInvalidGrantNeverRetried() {
        ClientMisconfiguredException e = scenario(credentials(TestKeys.APP, Map.of()), "mallory@elsewhere.example")
                .assertRejectedOnce(1);

        assertThat(e.errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void aScopeNotDelegatedToTheServiceAccountIsUnauthorizedClient() {
        AppTokenScenario app = new AppTokenScenario(
                flow,
                google,
                registration(credentials(TestKeys.APP, Map.of())),
                GoogleServiceAccount.connection("gsa", "alice@example.com", GMAIL),
                Endpoint.TOKEN);

        assertThat(app.assertRejectedOnce(1).errorCode()).isEqualTo("unauthorized_client");
    }

    @Test
    void anAssertionSignedByAnotherKeyIsRejectedOnce() {
        assertThat(scenario(credentials(TestKeys.OTHER, Map.of()), "alice@example.com")
                        .assertRejectedOnce(1)
                        .getMessage())
                .contains("invalid_grant")
                .contains("'gsa'");
    }

    @Test
    void startupNamesTheMissingIssuer() {
        AppCredentials noIssuer = new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(TestKeys.APP.privateKeyPem(), JWSAlgorithm.RS256, "k"),
                null,
                null,
                List.of(DRIVE),
                Map.of());

        assertThatThrownBy(() -> registration(noIssuer))
                .hasMessageContaining("saas-connect.providers.gsa.app.issuer is not set");
    }

    private AppTokenScenario scenario(AppCredentials credentials, String user) {
        return new AppTokenScenario(
                flow, google, registration(credentials), ConnectionId.app("gsa", user), Endpoint.TOKEN);
    }

    private static AppCredentials credentials(TestKeys key, Map<String, String> parameters) {
        return new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(key.privateKeyPem(), JWSAlgorithm.RS256, "app.private-key.pem"),
                null,
                SERVICE_ACCOUNT,
                List.of(DRIVE),
                parameters);
    }

    private ProviderRegistration registration(AppCredentials credentials) {
        return new GoogleProviderType()
                .register(Settings.of("google")
                        .id("gsa")
                        .client("1234567890", null)
                        .authorizationUri(google.authorizationEndpoint())
                        .tokenUri(google.tokenEndpoint())
                        .apiBaseUri(google.baseUrl())
                        .app(credentials)
                        .build());
    }
}
