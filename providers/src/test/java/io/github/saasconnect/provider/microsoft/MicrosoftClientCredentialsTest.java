package io.github.saasconnect.provider.microsoft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.ClientCredentialsGrant;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.testing.AppTokenScenario;
import io.github.saasconnect.provider.testing.LogCapture;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.signing.LocalJwsSigner;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Microsoft client credentials, secret and certificate, over HTTP against the identity platform sandbox. */
class MicrosoftClientCredentialsTest {

    private static final Duration LIFETIME = Duration.ofMinutes(60);

    private final SandboxFlow flow = new SandboxFlow();
    private final MicrosoftSandbox microsoft =
            MicrosoftSandbox.start(SandboxOptions.defaults().withClock(flow.clock));

    MicrosoftClientCredentialsTest() {
        microsoft.accessTokenLifetime(LIFETIME);
    }

    @AfterEach
    void stop() {
        microsoft.close();
    }

    @Test
    void aSecretMintsAClientCredentialsTokenForGraphInTheConnectionsTenant() {
        AppTokenScenario app = scenario(secrets(microsoft.client().clientSecret()), microsoft.tenantId());

        assertThat(app.token().value().reveal()).isNotBlank();

        RecordedRequest request = microsoft.requests().last(Endpoint.TOKEN).orElseThrow();
        assertThat(request.path()).isEqualTo("/" + microsoft.tenantId() + "/oauth2/v2.0/token");
        assertThat(request.form())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "https://graph.microsoft.com/.default",
                        "client_id",
                        microsoft.client().clientId(),
                        "client_secret",
                        microsoft.client().clientSecret()));
        app.assertNothingStored();
    }

    @Test
    void aTokenIsCachedUntilItsRefreshWindowThenMintedAgain() {
        scenario(secrets(microsoft.client().clientSecret()), microsoft.tenantDomain())
                .assertCachedUntilRefreshWindow(LIFETIME);
    }

    @Test
    void twoHundredConcurrentCallersShareOneTokenRequest() throws Exception {
        scenario(certificate(JWSAlgorithm.RS256), microsoft.tenantId()).assertConcurrentCallersShareOneMint(200);
    }

    @ParameterizedTest
    @MethodSource("io.github.saasconnect.provider.testing.AppTokenScenario#retriedFaults")
    void faultsAreRetried(Fault fault) {
        scenario(secrets(microsoft.client().clientSecret()), microsoft.tenantId())
                .assertRetried(fault);
    }

    @Test
    void aTimeoutIsRetried() {
        OAuth2TokenClient impatient = new OAuth2TokenClient(flow.http, flow.clock, Duration.ofMillis(300));
        AppTokenScenario app = new AppTokenScenario(
                flow,
                impatient,
                microsoft,
                registration(secrets(microsoft.client().clientSecret()), microsoft.tenantId()),
                ConnectionId.app("graph", microsoft.tenantId()),
                Endpoint.TOKEN);

        app.assertRetried(Fault.noResponse());
    }

    @Test
    void aRotationFallsBackOnTheOlderSecretWhileTheNewestIsNotYetValid() {
        String old = microsoft.client().clientSecret();
        AppTokenScenario app = scenario(secrets("newest-not-yet-propagated", old), microsoft.tenantId());

        try (LogCapture log = LogCapture.of(ClientCredentialsGrant.class)) {
            assertThat(app.token()).isNotNull();

            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("secret #1 was rejected (invalid_client/AADSTS7000215)")
                    .doesNotContain("newest-not-yet-propagated")
                    .doesNotContain(old);
        }
        assertThat(microsoft.requests().of(Endpoint.TOKEN))
                .extracting(r -> r.form().get("client_secret"))
                .containsExactly("newest-not-yet-propagated", old);
    }

    @Test
    void anExpiredNewestSecretFallsBackOnTheNextOne() {
        microsoft.appSecrets("expired-one", "current-one");
        microsoft.expireAppSecret("expired-one");

        assertThat(scenario(secrets("expired-one", "current-one"), microsoft.tenantId())
                        .token())
                .isNotNull();
    }

    @Test
    void whenEverySecretIsRejectedTheRegistrationIsMisconfiguredAndNothingIsRetried() {
        AppTokenScenario app = scenario(secrets("wrong-1", "wrong-2"), microsoft.tenantId());

        ClientMisconfiguredException e = app.assertRejectedOnce(2);

        assertThat(e.errorCode()).isEqualTo("invalid_client/AADSTS7000215");
        assertThat(e.getMessage()).doesNotContain("wrong-1").doesNotContain("wrong-2");
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void aCertificateSignsAPrivateKeyJwtAssertionWithItsThumbprint(JWSAlgorithm algorithm) throws Exception {
        AppTokenScenario app = scenario(certificate(algorithm), microsoft.tenantId());

        assertThat(app.token()).isNotNull();

        Map<String, String> form =
                microsoft.requests().last(Endpoint.TOKEN).orElseThrow().form();
        assertThat(form)
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", microsoft.client().clientId())
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .doesNotContainKey("client_secret");
        SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
        assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(algorithm);
        assertThat(assertion.getHeader().getX509CertSHA256Thumbprint())
                .isEqualTo(com.nimbusds.jose.util.X509CertUtils.computeSHA256Thumbprint(TestKeys.APP.certificate()));
        assertThat(assertion.verify(new RSASSAVerifier(TestKeys.APP.publicKey())))
                .isTrue();
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(microsoft.client().clientId());
        assertThat(claims.getSubject()).isEqualTo(microsoft.client().clientId());
        assertThat(claims.getAudience())
                .containsExactly(microsoft.tokenEndpoint(microsoft.tenantId()).toString());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(flow.clock.instant());
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(5));
    }

    static Stream<JWSAlgorithm> algorithms() {
        return Stream.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);
    }

    @Test
    void anAssertionSignedByAnUnregisteredKeyIsRejectedOnce() {
        AppCredentials unknown = new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(TestKeys.OTHER.privateKeyPem(), JWSAlgorithm.RS256, "other"),
                TestKeys.OTHER.certificate(),
                null,
                List.of(),
                Map.of());

        ClientMisconfiguredException e = scenario(unknown, microsoft.tenantId()).assertRejectedOnce(1);

        assertThat(e.errorCode()).isEqualTo("invalid_client/AADSTS700027");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateFailsSignatureValidation() {
        microsoft.registerCertificate(TestKeys.APP.certificate());
        AppCredentials mismatched = new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(TestKeys.OTHER.privateKeyPem(), JWSAlgorithm.RS256, "other"),
                TestKeys.APP.certificate(),
                null,
                List.of(),
                Map.of());

        assertThat(scenario(mismatched, microsoft.tenantId())
                        .assertRejectedOnce(1)
                        .getMessage())
                .contains("AADSTS700027")
                .contains("did not match the expected signature");
    }

    @Test
    void aTenantWithoutTheAppIsRejectedAsUnauthorizedClient() {
        ClientMisconfiguredException e = scenario(certificate(JWSAlgorithm.RS256), microsoft.foreignTenant())
                .assertRejectedOnce(1);

        assertThat(e.errorCode()).isEqualTo("unauthorized_client/AADSTS700016");
    }

    @Test
    void aSharedTenantFailsAtStartupNamingTheTenantProperty() {
        assertThatThrownBy(() -> registration(secrets("s"), "organizations"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("saas-connect.providers.graph.options.tenant is 'organizations'")
                .hasMessageContaining("saas-connect.providers.graph.app");
    }

    @Test
    void aCertificateWithoutItsKeyFailsAtStartupNamingTheMissingProperty() {
        AppCredentials keyOnly = new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(TestKeys.APP.privateKeyPem(), JWSAlgorithm.RS256, "key"),
                null,
                null,
                List.of(),
                Map.of());

        assertThatThrownBy(() -> registration(keyOnly, microsoft.tenantId()))
                .hasMessageContaining("saas-connect.providers.graph.app.certificate is not set");
    }

    @Test
    void anAppConnectionWhoseSubjectIsNoTenantFailsNamingTheConnection() {
        ProviderRegistration graph = registration(secrets("s"), microsoft.tenantId());
        AppTokenScenario app =
                new AppTokenScenario(flow, microsoft, graph, ConnectionId.app("graph", "common"), Endpoint.TOKEN);

        assertThatThrownBy(app::token)
                .isInstanceOf(AppCredentialException.class)
                .hasMessageContaining("app connection graph:app:common")
                .hasMessageContaining("ConnectionId.app(\"graph\", <tenant id or verified domain>)");
        assertThat(app.mints()).isZero();
    }

    @Test
    void aRegistrationWithoutAppCredentialsRefusesAppConnectionsNamingTheProperties() {
        ProviderRegistration delegatedOnly = new MicrosoftProviderType()
                .register(Settings.of("microsoft")
                        .id("graph")
                        .client(
                                microsoft.client().clientId(),
                                microsoft.client().clientSecret())
                        .option("authority-host", microsoft.baseUrl().toString())
                        .build());
        AppTokenScenario app = new AppTokenScenario(
                flow, microsoft, delegatedOnly, ConnectionId.app("graph", microsoft.tenantId()), Endpoint.TOKEN);

        assertThatThrownBy(app::token)
                .isInstanceOf(AppCredentialException.class)
                .hasMessageContaining("saas-connect.providers.graph.app.*");
    }

    @Test
    void secretsAndKeysStayOutOfToString() {
        AppCredentials credentials = new AppCredentials(
                List.of(Secret.of("s3cr3t-value")),
                LocalJwsSigner.fromPem(TestKeys.APP.privateKeyPem(), JWSAlgorithm.RS256, "app.private-key.pem"),
                TestKeys.APP.certificate(),
                null,
                List.of(),
                Map.of());
        ProviderRegistration graph = registration(credentials, microsoft.tenantId());

        String shown = credentials + " " + graph + " " + graph.descriptor() + " "
                + graph.descriptor().appTokenMinter();

        assertThat(shown)
                .doesNotContain("s3cr3t-value")
                .doesNotContain("PRIVATE KEY")
                .contains("app.private-key.pem");
    }

    private AppTokenScenario scenario(AppCredentials credentials, String tenant) {
        return new AppTokenScenario(
                flow, microsoft, registration(credentials, tenant), ConnectionId.app("graph", tenant), Endpoint.TOKEN);
    }

    private AppCredentials secrets(String... values) {
        return new AppCredentials(Stream.of(values).map(Secret::of).toList(), null, null, null, List.of(), Map.of());
    }

    private AppCredentials certificate(JWSAlgorithm algorithm) {
        microsoft.registerCertificate(TestKeys.APP.certificate());
        return new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(TestKeys.APP.privateKeyPem(), algorithm, "app.private-key"),
                TestKeys.APP.certificate(),
                null,
                List.of(),
                Map.of());
    }

    private ProviderRegistration registration(AppCredentials credentials, String tenant) {
        return new MicrosoftProviderType()
                .register(Settings.of("microsoft")
                        .id("graph")
                        .client(microsoft.client().clientId(), null)
                        .option("tenant", tenant.equals(microsoft.foreignTenant()) ? microsoft.tenantId() : tenant)
                        .option("authority-host", microsoft.baseUrl().toString())
                        .apiBaseUri(microsoft.baseUrl())
                        .app(credentials)
                        .build());
    }
}
