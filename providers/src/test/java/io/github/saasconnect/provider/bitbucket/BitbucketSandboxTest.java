package io.github.saasconnect.provider.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.Revocation;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketSandbox;
import io.github.saasconnect.testkit.sandbox.bitbucket.BitbucketScopeField;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BitbucketSandboxTest {

    private final SandboxFlow flow = new SandboxFlow();
    private final BitbucketSandbox bitbucket = BitbucketSandbox.start(
            SandboxOptions.defaults().withClock(flow.clock).withRedirectUris("http://127.0.0.1:8080/connect"));
    private final ProviderRegistration registration =
            registration(bitbucket.client().clientSecret(), null);

    @AfterEach
    void stop() {
        bitbucket.close();
    }

    @ParameterizedTest
    @EnumSource(BitbucketScopeField.class)
    void grantedScopesAreReadFromEitherFieldName(BitbucketScopeField field) {
        bitbucket.scopeField(field);

        TokenSet tokens = flow.connect(registration, bitbucket, "alice");

        assertThat(tokens.scopes()).containsExactlyInAnyOrder("account", "repository");
    }

    @Test
    void tokenRequestsUseHttpBasicWithAFormBody() {
        flow.connect(registration, bitbucket, "alice");

        RecordedRequest token = bitbucket.requests().last(Endpoint.TOKEN).orElseThrow();
        assertThat(token.header("Authorization")).startsWith("Basic ");
        assertThat(token.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(token.body()).startsWith("grant_type=authorization_code").doesNotContain("client_secret");
    }

    @Test
    void tokensLongerThan2500CharactersSurviveIntact() {
        TokenSet tokens = flow.connect(registration, bitbucket, "alice");

        assertThat(tokens.accessToken().reveal()).hasSizeGreaterThan(2_500);
        assertThat(tokens.refreshToken().reveal()).hasSizeGreaterThan(2_500);
        assertThat(bitbucket.isAccessTokenValid(tokens.accessToken().reveal())).isTrue();
        assertThat(refresh(tokens.refreshToken()).accessToken()).isNotNull();
    }

    @Test
    void discoveryRecordsTheUuidAndAccountId() {
        TokenSet tokens = flow.connect(registration, bitbucket, "alice");

        assertThat(flow.discover(registration, tokens))
                .containsExactly(
                        Map.entry("uuid", bitbucket.user("alice").id()),
                        Map.entry("account_id", BitbucketSandbox.accountId(bitbucket.user("alice"))),
                        Map.entry("nickname", "alice"),
                        Map.entry("display_name", bitbucket.user("alice").name()));
    }

    @Test
    void rateLimitedDiscoveryIsARateLimit() {
        TokenSet tokens = flow.connect(registration, bitbucket, "alice");
        bitbucket.faults().nextApiResponse(bitbucket.rateLimited());

        assertThatThrownBy(() -> flow.discover(registration, tokens)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenDiesAfterTheGracePeriod() {
        TokenSet tokens = flow.connect(registration, bitbucket, "alice");

        TokenSet refreshed = refresh(tokens.refreshToken());
        flow.clock.advance(Duration.ofMinutes(5));
        TokenSet withinGrace = refresh(tokens.refreshToken());
        flow.clock.advance(Duration.ofMinutes(6));

        assertThat(refreshed.refreshToken()).isNotEqualTo(tokens.refreshToken());
        assertThat(withinGrace.accessToken()).isNotNull();
        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("invalid_grant"));
        assertThat(refresh(refreshed.refreshToken()).accessToken()).isNotNull();
    }

    @Test
    void refreshTokenUnusedForThreeMonthsIsDeadAndKeepAliveWithinTheIdleLimitPreventsIt() {
        TokenSet tokens = flow.connect(registration, bitbucket, "alice");
        flow.clock.advance(
                registration.descriptor().refreshTokenLifetime().maxIdle().minusDays(1));
        TokenSet kept = refresh(tokens.refreshToken());
        flow.clock.advance(Duration.ofDays(91));

        assertThatThrownBy(() -> refresh(kept.refreshToken())).isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void pkceIsSentByDefaultAndBindsTheCodeToTheVerifier() {
        SandboxFlow.Authorization a = flow.authorize(registration, bitbucket);
        assertThat(a.url().getQuery()).contains("code_challenge=").contains("code_challenge_method=S256");
        assertThatThrownBy(() -> flow.client
                        .exchangeAuthorizationCode(
                                registration,
                                ConnectionId.of("bitbucket", "alice"),
                                a.redirect().code(),
                                Secret.of("a-verifier-that-is-not-the-one-of-the-challenge-0123456789"),
                                SandboxFlow.REDIRECT_URI)
                        .block())
                .isInstanceOf(ReauthorizationRequiredException.class);

        assertThat(flow.connect(registration, bitbucket, "alice").refreshToken())
                .isNotNull();
    }

    @Test
    void pkceCanBeTurnedOff() {
        ProviderRegistration withoutPkce = registration(bitbucket.client().clientSecret(), false);

        assertThat(flow.authorize(withoutPkce, bitbucket).url().getQuery()).doesNotContain("code_challenge");
        assertThat(flow.connect(withoutPkce, bitbucket, "alice").refreshToken()).isNotNull();
    }

    @Test
    void wrongSecretIsAMisconfiguration() {
        assertThatThrownBy(() -> flow.client
                        .refresh(registration("wrong", null), ConnectionId.of("bitbucket", "a"), Secret.of("x"))
                        .block())
                .isInstanceOf(ClientMisconfiguredException.class);
    }

    @Test
    void disconnectIsLocalOnlyBecauseThereIsNoRevocationEndpoint() {
        TokenSet tokens = flow.connect(registration, bitbucket, "alice");

        assertThat(registration
                        .descriptor()
                        .revoker()
                        .revoke(registration, flow.record(registration, "alice", tokens, Map.of()), flow.client)
                        .block())
                .isEqualTo(Revocation.NOT_SUPPORTED);
    }

    private TokenSet refresh(Secret refreshToken) {
        return flow.client
                .refresh(registration, ConnectionId.of("bitbucket", "alice"), refreshToken)
                .block();
    }

    private ProviderRegistration registration(String secret, Boolean pkce) {
        return new BitbucketProviderType()
                .register(Settings.of("bitbucket")
                        .client(bitbucket.client().clientId(), secret)
                        .authorizationUri(bitbucket.authorizationEndpoint())
                        .tokenUri(bitbucket.tokenEndpoint())
                        .apiBaseUri(bitbucket.baseUrl())
                        .pkce(pkce)
                        .build());
    }
}
