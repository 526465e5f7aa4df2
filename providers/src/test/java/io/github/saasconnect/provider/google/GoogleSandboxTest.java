package io.github.saasconnect.provider.google;

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
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GoogleSandboxTest {

    private static final String DRIVE = "https://www.googleapis.com/auth/drive.readonly";

    private final SandboxFlow flow = new SandboxFlow();
    private final GoogleSandbox google =
            GoogleSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final ProviderRegistration registration =
            registration(google.client().clientSecret());

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void codeExchangeYieldsARefreshTokenAndTheIdTokensSub() {
        TokenSet tokens = flow.connect(registration, google, "alice");

        assertThat(tokens.refreshToken()).isNotNull();
        assertThat(tokens.accessTokenExpiresAt()).isEqualTo(flow.clock.instant().plusSeconds(3599));
        assertThat(tokens.scopes()).contains("openid", DRIVE);
        RecordedRequest authorize =
                google.requests().last(Endpoint.AUTHORIZATION).orElseThrow();
        assertThat(authorize.query())
                .contains("access_type=offline")
                .contains("prompt=consent")
                .contains("code_challenge_method=S256");
        assertThat(flow.discover(registration, tokens))
                .containsEntry("sub", google.user("alice").id())
                .containsEntry("hd", "example.com")
                .doesNotContainKey("missing_scopes");
    }

    @Test
    void reconnectingStillYieldsARefreshTokenBecauseConsentIsForced() {
        flow.connect(registration, google, "alice");

        TokenSet again = flow.connect(registration, google, "alice");

        assertThat(again.refreshToken()).isNotNull();
    }

    @Test
    void refreshKeepsTheStoredRefreshTokenWhichKeepsWorking() {
        TokenSet tokens = flow.connect(registration, google, "alice");
        ConnectionRecord record = flow.record(registration, "alice", tokens, Map.of());
        flow.clock.advance(Duration.ofHours(2));

        TokenSet refreshed = flow.client
                .refresh(registration, record.id(), record.refreshToken())
                .block();
        ConnectionRecord after = record.refreshedWith(refreshed, flow.clock.instant());

        assertThat(refreshed.refreshToken()).isNull();
        assertThat(after.refreshToken()).isEqualTo(tokens.refreshToken());
        assertThat(flow.client
                        .refresh(registration, record.id(), after.refreshToken())
                        .block()
                        .accessToken())
                .isNotNull();
    }

    @Test
    void timeBasedAccessGivesTheRefreshTokenAStatedExpiry() {
        google.timeBasedAccess(Duration.ofDays(7));

        TokenSet tokens = flow.connect(registration, google, "alice");

        assertThat(tokens.refreshTokenExpiresAt())
                .isEqualTo(flow.clock.instant().plus(Duration.ofDays(7)));
    }

    @Test
    void partialConsentIsRecordedAsMissingScopes() {
        google.grantOnly("openid", "email", "profile");

        TokenSet tokens = flow.connect(registration, google, "alice");

        assertThat(flow.discover(registration, tokens)).containsEntry("missing_scopes", DRIVE);
    }

    @Test
    void revocationIsAFormPostAndEndsTheGrant() {
        TokenSet tokens = flow.connect(registration, google, "alice");
        ConnectionRecord record = flow.record(registration, "alice", tokens, Map.of());

        Revocation result = registration
                .descriptor()
                .revoker()
                .revoke(registration, record, flow.client)
                .block();

        assertThat(result).isEqualTo(Revocation.REVOKED);
        RecordedRequest revoke = google.requests().last(Endpoint.REVOCATION).orElseThrow();
        assertThat(revoke.method()).isEqualTo("POST");
        assertThat(revoke.body()).contains("token=");
        assertThatThrownBy(() -> flow.client
                        .refresh(registration, record.id(), record.refreshToken())
                        .block())
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID));
    }

    @Test
    void revokingAnAlreadyRevokedGrantCountsAsRevoked() {
        TokenSet tokens = flow.connect(registration, google, "alice");
        ConnectionRecord record = flow.record(registration, "alice", tokens, Map.of());
        google.revokeGrant(google.user("alice"));

        assertThat(registration
                        .descriptor()
                        .revoker()
                        .revoke(registration, record, flow.client)
                        .block())
                .isEqualTo(Revocation.REVOKED);
        assertThat(google.requests().last(Endpoint.REVOCATION)).isPresent();
    }

    @Test
    void expiredRefreshTokenRequiresReauthorization() {
        TokenSet tokens = flow.connect(registration, google, "alice");
        google.expireRefreshToken(tokens.refreshToken().reveal());

        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
                    assertThat(e.errorCode()).isEqualTo("invalid_grant");
                });
    }

    @Test
    void refreshTokenUnusedForSixMonthsDiesAndKeepAliveWithinTheDescriptorsIdleLimitPreventsIt() {
        TokenSet tokens = flow.connect(registration, google, "alice");

        flow.clock.advance(registration.descriptor().refreshTokenLifetime().maxIdle());
        assertThat(refresh(tokens.refreshToken()).accessToken()).isNotNull();
        flow.clock.advance(Duration.ofDays(184));

        assertThatThrownBy(() -> refresh(tokens.refreshToken())).isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void sessionControlExpiryIsToldApartFromRevocation() {
        TokenSet tokens = flow.connect(registration, google, "alice");
        google.faults().nextTokenResponse(google.invalidRapt());

        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReauthorizationCause.SESSION_CONTROL);
                    assertThat(e.errorCode()).isEqualTo("invalid_rapt");
                });
    }

    @Test
    void wrongClientSecretIsAMisconfiguration() {
        TokenSet tokens = flow.connect(registration, google, "alice");
        ProviderRegistration wrong = registration("GOCSPX-wrong");

        assertThatThrownBy(() -> flow.client
                        .refresh(wrong, ConnectionId.of("google", "alice"), tokens.refreshToken())
                        .block())
                .isInstanceOf(ClientMisconfiguredException.class);
    }

    @Test
    void htmlErrorPageIsTransient() {
        TokenSet tokens = flow.connect(registration, google, "alice");
        google.faults().nextTokenResponse(Fault.htmlServerError());

        assertThatThrownBy(() -> refresh(tokens.refreshToken())).isInstanceOf(TransientFailureException.class);
    }

    private TokenSet refresh(Secret refreshToken) {
        return flow.client
                .refresh(registration, ConnectionId.of("google", "alice"), refreshToken)
                .block();
    }

    private ProviderRegistration registration(String secret) {
        return new GoogleProviderType()
                .register(Settings.of("google")
                        .client(google.client().clientId(), secret)
                        .scopes("email", "profile", DRIVE)
                        .authorizationUri(google.authorizationEndpoint())
                        .tokenUri(google.tokenEndpoint())
                        .revocationUri(google.revocationEndpoint())
                        .build());
    }
}
