package io.github.saasconnect.provider.docusign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.event.AppConsentRequiredEvent;
import io.github.saasconnect.failure.AppConsentRequiredException;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.testing.AppTokenScenario;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.signing.LocalJwsSigner;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignAccount;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DocuSign's JWT grant over HTTP against the DocuSign sandbox, through the token manager. */
class DocuSignJwtGrantTest {

    private static final URI REDIRECT = URI.create("https://app.example.com/docusign/consent");

    private final SandboxFlow flow = new SandboxFlow();
    private final DocuSignSandbox docusign =
            DocuSignSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final SandboxUser alice = docusign.user("alice");

    DocuSignJwtGrantTest() {
        docusign.appPublicKey(TestKeys.APP.publicKey());
        docusign.consentToImpersonation(alice);
    }

    @AfterEach
    void stop() {
        docusign.close();
    }

    @Test
    void theSignedAssertionBuysAnHourTokenAndApiCallsGoToTheDiscoveredAccount() throws Exception {
        AppTokenScenario app = scenario(credentials(TestKeys.APP, List.of()), alice.id());

        AccessToken token = app.token();

        assertThat(token.expiresAt()).isEqualTo(flow.clock.instant().plus(Duration.ofHours(1)));
        RecordedRequest request = docusign.requests().last(Endpoint.TOKEN).orElseThrow();
        assertThat(request.header("authorization"))
                .as("no client secret: the assertion authenticates")
                .isNull();
        assertThat(request.form()).containsOnlyKeys("grant_type", "assertion");
        assertThat(request.form()).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
        SignedJWT assertion = SignedJWT.parse(request.form().get("assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(assertion.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(assertion.verify(new RSASSAVerifier(TestKeys.APP.publicKey())))
                .isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(docusign.client().clientId());
        assertThat(claims.getSubject()).isEqualTo(alice.id());
        assertThat(claims.getAudience())
                .as("the bare host, no scheme")
                .containsExactly(docusign.jwtAudience())
                .allSatisfy(aud -> assertThat(aud).doesNotContain("://"));
        assertThat(claims.getStringClaim("scope")).isEqualTo("signature impersonation");
        assertThat(claims.getIssueTime()).isEqualTo(Date.from(flow.clock.instant()));
        assertThat(claims.getExpirationTime())
                .isEqualTo(Date.from(flow.clock.instant().plus(Duration.ofHours(1))));
        app.assertNothingStored();

        DocuSignAccount account = docusign.accounts(alice).get(0);
        assertThat(DocuSignProviderType.appAccountId(app.registration, app.connection))
                .contains(account.accountId());
        Map<String, Object> answer = clients(app)
                .webClient(app.connection)
                .get()
                .uri("/v2.1/accounts/{id}", account.accountId())
                .retrieve()
                .bodyToMono(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .block(Duration.ofSeconds(10));
        assertThat(answer).containsEntry("accountIdGuid", account.accountId());
        assertThat(docusign.requests().last(Endpoint.API).orElseThrow().header("authorization"))
                .isEqualTo(token.authorizationHeader());
        assertThat(docusign.requestCount(Endpoint.USERINFO)).isEqualTo(1);
    }

    @Test
    void aTokenIsCachedUntilItsRefreshWindowThenMintedAgain() {
        scenario(credentials(TestKeys.APP, List.of()), alice.id()).assertCachedUntilRefreshWindow(Duration.ofHours(1));
    }

    @Test
    void twoHundredConcurrentCallersShareOneTokenRequest() throws Exception {
        scenario(credentials(TestKeys.APP, List.of()), alice.id()).assertConcurrentCallersShareOneMint(200);
    }

    @ParameterizedTest
    @MethodSource("io.github.saasconnect.provider.testing.AppTokenScenario#retriedFaults")
    void faultsAreRetried(Fault fault) {
        scenario(credentials(TestKeys.APP, List.of()), alice.id()).assertRetried(fault);
    }

    @Test
    void aTimeoutIsRetried() {
        OAuth2TokenClient impatient = new OAuth2TokenClient(flow.http, flow.clock, Duration.ofMillis(300));
        new AppTokenScenario(
                        flow,
                        impatient,
                        docusign,
                        registration(credentials(TestKeys.APP, List.of())),
                        ConnectionId.app("ds-app", alice.id()),
                        Endpoint.TOKEN)
                .assertRetried(Fault.noResponse());
    }

    @Test
    void aUserWhoHasNotConsentedFailsOnceWithTheConsentUrlAndIsAnnounced() {
        SandboxUser bob = docusign.user("bob");
        AppTokenScenario app = scenario(credentials(TestKeys.APP, List.of()), bob.id());

        AppConsentRequiredException e = catchThrowableOfType(AppConsentRequiredException.class, app::token);

        assertThat(e.kind()).isEqualTo(FailureKind.NOT_CONNECTED);
        assertThat(e.errorCode()).isEqualTo("consent_required");
        assertThat(e.connection()).isEqualTo(app.connection);
        assertThat(e.consentUri())
                .isEqualTo(URI.create(docusign.baseUrl() + "/oauth/auth?response_type=code"
                        + "&scope=signature%20impersonation&client_id="
                        + docusign.client().clientId()
                        + "&redirect_uri=https://app.example.com/docusign/consent"));
        assertThat(e.getMessage()).contains(e.consentUri().toString());
        assertThat(e.toString()).doesNotContain(docusign.client().clientSecret());
        assertThat(app.mints()).as("not retried").isEqualTo(1);
        assertThat(app.events)
                .filteredOn(AppConsentRequiredEvent.class::isInstance)
                .singleElement()
                .isEqualTo(new AppConsentRequiredEvent(app.connection, e.consentUri(), flow.clock.instant()));

        docusign.consentToImpersonation(bob);
        assertThat(app.token()).as("minted once consent is given").isNotNull();
    }

    @Test
    void anAssertionSignedByAnotherKeyIsRejectedOnceNamingTheRegistration() {
        ClientMisconfiguredException e =
                scenario(credentials(TestKeys.OTHER, List.of()), alice.id()).assertRejectedOnce(1);

        assertThat(e.errorCode()).isEqualTo("invalid_grant");
        assertThat(e.getMessage()).contains("app.private-key");
    }

    @Test
    void anUnknownUserIsInvalidGrantNeverRetried() {
        ClientMisconfiguredException e = scenario(
                        credentials(TestKeys.APP, List.of()), "0f6e4c7a-1111-4222-8333-944445555666")
                .assertRejectedOnce(1);

        assertThat(e.errorCode()).isEqualTo("invalid_grant");
    }

    @Test
    void aSubjectThatIsNoUserGuidFailsNamingTheConnectionWithoutARequest() {
        AppTokenScenario app = scenario(credentials(TestKeys.APP, List.of()), "alice@example.com");

        assertThatThrownBy(app::token)
                .isInstanceOf(AppCredentialException.class)
                .hasMessageContaining("app connection ds-app:app:alice@example.com")
                .hasMessageContaining("<user GUID>");
        assertThat(app.mints()).isZero();
    }

    @Test
    void startupNamesWhatIsMissingOrWrong() {
        AppCredentials secretOnly = new AppCredentials(List.of(Secret.of("s")), null, null, null, List.of(), Map.of());
        assertThatThrownBy(() -> registration(secretOnly))
                .hasMessageContaining("saas-connect.providers.ds-app.app.private-key is not set");
        assertThatThrownBy(() -> registration(credentials(TestKeys.APP, List.of("signature"))))
                .hasMessageContaining("saas-connect.providers.ds-app.app.scopes is [signature]")
                .hasMessageContaining("impersonation");
        assertThatThrownBy(() -> registration(credentials(TestKeys.APP, JWSAlgorithm.PS256, List.of())))
                .hasMessageContaining("saas-connect.providers.ds-app.app.private-key.algorithm is PS256");
        assertThatThrownBy(() -> new DocuSignProviderType()
                        .register(settings(credentials(TestKeys.APP, List.of()))
                                .redirectUri(null)
                                .build()))
                .hasMessageContaining("saas-connect.providers.ds-app.redirect-uri must be an absolute URL");
    }

    private ProviderClients clients(AppTokenScenario app) {
        return ProviderClients.builder(
                        new ProviderRegistry(List.of(app.registration)),
                        app.tokens,
                        app.store,
                        RefreshResilience.withSettings(ResilienceSettings.defaults(), flow.clock))
                .clock(flow.clock)
                .build();
    }

    private AppTokenScenario scenario(AppCredentials credentials, String user) {
        return new AppTokenScenario(
                flow, docusign, registration(credentials), ConnectionId.app("ds-app", user), Endpoint.TOKEN);
    }

    private static AppCredentials credentials(TestKeys key, List<String> scopes) {
        return credentials(key, JWSAlgorithm.RS256, scopes);
    }

    private static AppCredentials credentials(TestKeys key, JWSAlgorithm algorithm, List<String> scopes) {
        return new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(key.privateKeyPem(), algorithm, "app.private-key.pem"),
                null,
                null,
                scopes,
                Map.of());
    }

    private ProviderRegistration registration(AppCredentials credentials) {
        return new DocuSignProviderType().register(settings(credentials).build());
    }

    private Settings settings(AppCredentials credentials) {
        return Settings.of("docusign")
                .id("ds-app")
                .client(docusign.client().clientId(), docusign.client().clientSecret())
                .redirectUri(REDIRECT)
                .option("oauth-base-url", docusign.baseUrl().toString())
                .app(credentials);
    }
}
