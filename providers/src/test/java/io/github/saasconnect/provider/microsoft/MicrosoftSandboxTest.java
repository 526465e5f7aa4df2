package io.github.saasconnect.provider.microsoft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.Revocation;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftTokenError;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MicrosoftSandboxTest {

    private final SandboxFlow flow = new SandboxFlow();
    private final MicrosoftSandbox microsoft =
            MicrosoftSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final ProviderRegistration registration =
            registration("organizations", microsoft.client().clientSecret());

    @AfterEach
    void stop() {
        microsoft.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"common", "organizations", "consumers", "tenant-id", "sandbox.onmicrosoft.com"})
    void everyTenantFormConnectsAndYieldsARefreshTokenAndTheAccountKey(String tenant) {
        ProviderRegistration r = registration(
                tenant.equals("tenant-id") ? microsoft.tenantId() : tenant,
                microsoft.client().clientSecret());

        TokenSet tokens = flow.connect(r, microsoft, "alice");

        assertThat(tokens.refreshToken()).isNotNull();
        assertThat(tokens.scopes()).contains("User.Read");
        assertThat(microsoft.requests().last(Endpoint.TOKEN).orElseThrow().path())
                .isEqualTo("/" + (tenant.equals("tenant-id") ? microsoft.tenantId() : tenant) + "/oauth2/v2.0/token");
        assertThat(flow.discover(r, tokens))
                .containsExactly(
                        Map.entry("tid", microsoft.tenantId()),
                        Map.entry("oid", microsoft.user("alice").id()),
                        Map.entry("preferred_username", microsoft.user("alice").email()),
                        Map.entry("name", microsoft.user("alice").name()));
    }

    @Test
    void everyRefreshBringsANewRefreshTokenAndTheOldOneStaysValid() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");

        TokenSet first = refresh(tokens.refreshToken());
        TokenSet second = refresh(tokens.refreshToken());

        assertThat(first.refreshToken()).isNotNull().isNotEqualTo(tokens.refreshToken());
        assertThat(second.refreshToken()).isNotNull().isNotEqualTo(first.refreshToken());
        assertThat(refresh(first.refreshToken()).accessToken()).isNotNull();
    }

    @Test
    void refreshTokenIdleForNinetyDaysRequiresReauthorizationWithTheAadstsCode() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        flow.clock.advance(Duration.ofDays(90).plusMinutes(1));

        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
                    assertThat(e.errorCode()).isEqualTo("invalid_grant/AADSTS700082");
                    assertThat(e.getMessage()).contains("90 days of inactivity").contains("Correlation");
                });
    }

    @Test
    void keepAliveWithinTheDescriptorsIdleLimitKeepsTheConnection() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        Duration keepAlive =
                registration.descriptor().refreshTokenLifetime().maxIdle().minusDays(1);
        flow.clock.advance(keepAlive);
        TokenSet kept = refresh(tokens.refreshToken());
        flow.clock.advance(keepAlive);

        assertThat(refresh(kept.refreshToken()).accessToken()).isNotNull();
    }

    @Test
    void revokedGrantRequiresReauthorization() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        microsoft.revokeGrant(microsoft.user("alice"));

        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("invalid_grant/AADSTS50173"));
    }

    @Test
    void interactionRequiredNeedsTheUser() {
        assertRefreshFailsWithCause(
                MicrosoftTokenError.INTERACTION_REQUIRED,
                ReauthorizationCause.INTERACTION_REQUIRED,
                "interaction_required/AADSTS50076");
    }

    @Test
    void consentRequiredNeedsConsent() {
        assertRefreshFailsWithCause(
                MicrosoftTokenError.CONSENT_REQUIRED,
                ReauthorizationCause.CONSENT_REQUIRED,
                "consent_required/AADSTS65001");
    }

    @Test
    void signInFrequencyIsSessionControl() {
        assertRefreshFailsWithCause(
                MicrosoftTokenError.SIGN_IN_FREQUENCY,
                ReauthorizationCause.SESSION_CONTROL,
                "invalid_grant/AADSTS70043");
    }

    @Test
    void temporarilyUnavailableIsTransient() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        microsoft.faults().nextTokenResponse(microsoft.tokenError(MicrosoftTokenError.TEMPORARILY_UNAVAILABLE));

        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("temporarily_unavailable/AADSTS90033");
    }

    @Test
    void wrongSecretIsAMisconfigurationWithTheAadstsCode() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        ProviderRegistration wrong = registration("organizations", "Sbx8Q~wrong");

        assertThatThrownBy(() -> flow.client
                        .refresh(wrong, ConnectionId.of("microsoft", "alice"), tokens.refreshToken())
                        .block())
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("invalid_client/AADSTS7000215"));
    }

    @Test
    void anExpiredSecretIsAMisconfigurationWhoseMessageSaysToCreateANewOne() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        microsoft.faults().nextTokenResponse(microsoft.tokenError(MicrosoftTokenError.EXPIRED_CLIENT_SECRET));

        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("invalid_client/AADSTS7000222"))
                .hasMessageContaining("client secret expired; create a new one in the app registration")
                .hasMessageContaining("saas-connect.providers.microsoft.client-id, client-secret")
                .hasMessageNotContaining(microsoft.client().clientSecret());
    }

    @Test
    void unknownTenantIsAMisconfiguration() {
        ProviderRegistration wrongTenant =
                registration("contoso.example.com", microsoft.client().clientSecret());

        assertThatThrownBy(() -> flow.client
                        .refresh(wrongTenant, ConnectionId.of("microsoft", "alice"), Secret.of("x"))
                        .block())
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("invalid_request/AADSTS90002"));
    }

    @Test
    void redeemingACodeTwiceRequiresANewAuthorization() {
        SandboxFlow.Authorization a = flow.authorize(registration, microsoft);
        ConnectionId alice = ConnectionId.of("microsoft", "alice");
        flow.client
                .exchangeAuthorizationCode(
                        registration, alice, a.redirect().code(), a.pkce().verifier(), SandboxFlow.REDIRECT_URI)
                .block();

        assertThatThrownBy(() -> flow.client
                        .exchangeAuthorizationCode(
                                registration,
                                alice,
                                a.redirect().code(),
                                a.pkce().verifier(),
                                SandboxFlow.REDIRECT_URI)
                        .block())
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("invalid_grant/AADSTS54005"));
    }

    @Test
    void disconnectIsLocalOnlyBecauseThereIsNoRevocationEndpoint() {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        ConnectionRecord record = flow.record(registration, "alice", tokens, Map.of());
        long before = microsoft.requests().all().size();

        assertThat(registration
                        .descriptor()
                        .revoker()
                        .revoke(registration, record, flow.client)
                        .block())
                .isEqualTo(Revocation.NOT_SUPPORTED);
        assertThat(microsoft.requests().all()).hasSize((int) before);
    }

    private void assertRefreshFailsWithCause(MicrosoftTokenError error, ReauthorizationCause cause, String code) {
        TokenSet tokens = flow.connect(registration, microsoft, "alice");
        microsoft.faults().nextTokenResponse(microsoft.tokenError(error));

        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.reason()).isEqualTo(cause);
                    assertThat(e.errorCode()).isEqualTo(code);
                });
    }

    private TokenSet refresh(Secret refreshToken) {
        return flow.client
                .refresh(registration, ConnectionId.of("microsoft", "alice"), refreshToken)
                .block();
    }

    private ProviderRegistration registration(String tenant, String secret) {
        return new MicrosoftProviderType()
                .register(Settings.of("microsoft")
                        .client(microsoft.client().clientId(), secret)
                        .scopes("User.Read", "Mail.Read")
                        .option("tenant", tenant)
                        .option("authority-host", microsoft.baseUrl().toString())
                        .apiBaseUri(microsoft.baseUrl())
                        .build());
    }
}
