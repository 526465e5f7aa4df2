package io.github.saasconnect.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.Revocation;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.github.GitHubAppKind;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubSandboxTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final SandboxFlow flow = new SandboxFlow();
    private GitHubSandbox github = GitHubSandbox.start(
            SandboxOptions.defaults().withClock(flow.clock).withRedirectUris(SandboxFlow.REDIRECT_URI.toString()));
    private ProviderRegistration registration = gitHubApp(github.client().clientSecret());

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void gitHubAppCodeExchangeYieldsExpiringTokensAndTheRefreshTokensStatedExpiry() {
        TokenSet tokens = flow.connect(registration, github, "alice");

        assertThat(tokens.accessToken().reveal()).startsWith("ghu_");
        assertThat(tokens.accessTokenExpiresAt()).isEqualTo(flow.clock.instant().plusSeconds(28_800));
        assertThat(tokens.refreshToken().reveal()).startsWith("ghr_");
        assertThat(tokens.refreshTokenExpiresAt())
                .isEqualTo(flow.clock.instant().plus(GitHubSandbox.DOCUMENTED_REFRESH_TOKEN_LIFETIME));
        assertThat(tokens.scopes()).isEmpty();
        RecordedRequest token = github.requests().last(Endpoint.TOKEN).orElseThrow();
        assertThat(token.header("Accept")).contains("application/json");
        assertThat(token.body())
                .contains("client_id=")
                .contains("client_secret=")
                .contains("code_verifier=");
    }

    @Test
    void refreshTokenExpiryIsReadNotHardCoded() {
        github.refreshTokenExpiresIn(Duration.ofSeconds(15_811_200));

        TokenSet tokens = flow.connect(registration, github, "alice");

        assertThat(tokens.refreshTokenExpiresAt())
                .isEqualTo(flow.clock.instant().plusSeconds(15_811_200));
    }

    @Test
    void discoveryRecordsTheNumericUserId() {
        TokenSet tokens = flow.connect(registration, github, "alice");

        assertThat(flow.discover(registration, tokens))
                .containsExactly(Map.entry("user_id", github.user("alice").id()), Map.entry("login", "alice"));
        RecordedRequest user = github.requests().last(Endpoint.API).orElseThrow();
        assertThat(user.header("Authorization"))
                .isEqualTo("Bearer " + tokens.accessToken().reveal());
        assertThat(user.header("User-Agent"))
                .as("GitHub's REST API rejects requests without one")
                .isNotBlank();
    }

    @Test
    void strictRotationKillsTheUsedRefreshTokenWhichThenReadsAsBadRefreshToken() {
        TokenSet tokens = flow.connect(registration, github, "alice");

        TokenSet refreshed = refresh(tokens.refreshToken());

        assertThat(refreshed.refreshToken()).isNotEqualTo(tokens.refreshToken());
        assertThat(github.isAccessTokenValid(tokens.accessToken().reveal())).isFalse();
        assertThatThrownBy(() -> refresh(tokens.refreshToken()))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
                    assertThat(e.errorCode()).isEqualTo("bad_refresh_token");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401})
    void badRefreshTokenIsADeadGrantWhateverTheStatus(int status) {
        github.tokenErrorStatus(status);

        assertThatThrownBy(() -> refresh(Secret.of("ghr_unknown")))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("bad_refresh_token"));
    }

    @Test
    void formEncodedErrorsAreClassifiedToo() {
        github.faults()
                .nextTokenResponse(Fault.response(
                        200,
                        FORM,
                        "error=bad_refresh_token&error_description=The+refresh+token+passed+is+incorrect+or+expired.",
                        Map.of()));

        assertThatThrownBy(() -> refresh(Secret.of("ghr_x"))).isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void formEncodedTokenResponsesAreReadWithCommaSeparatedScopes() {
        ProviderRegistration oauthApp = oauthApp();
        SandboxFlow.Authorization a = flow.authorize(oauthApp, github);
        github.faults()
                .nextTokenResponse(Fault.response(
                        200,
                        FORM,
                        "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer",
                        Map.of()));

        TokenSet tokens = flow.client
                .exchangeAuthorizationCode(
                        oauthApp,
                        ConnectionId.of("github", "alice"),
                        a.redirect().code(),
                        a.pkce().verifier(),
                        SandboxFlow.REDIRECT_URI)
                .block();

        assertThat(tokens.scopes()).containsExactlyInAnyOrder("repo", "gist");
        assertThat(tokens.accessTokenExpiresAt()).isNull();
    }

    @Test
    void oauthAppTokensNeverExpireHaveNoRefreshTokenAndCommaSeparatedScopes() {
        github.appKind(GitHubAppKind.OAUTH_APP);
        ProviderRegistration oauthApp = oauthApp();

        TokenSet tokens = flow.connect(oauthApp, github, "alice");

        assertThat(tokens.accessToken().reveal()).startsWith("gho_");
        assertThat(tokens.accessTokenExpiresAt()).isNull();
        assertThat(tokens.refreshToken()).isNull();
        assertThat(tokens.scopes()).containsExactlyInAnyOrder("repo", "read:user");
        assertThat(github.requests().last(Endpoint.AUTHORIZATION).orElseThrow().query())
                .contains("scope=repo%20read:user");
    }

    @Test
    void anOAuthAppScopeTheUserUntickedIsRecordedAsMissing() {
        github.appKind(GitHubAppKind.OAUTH_APP);
        github.grantOnly("read:user");
        ProviderRegistration oauthApp = oauthApp();

        TokenSet tokens = flow.connect(oauthApp, github, "alice");

        assertThat(tokens.scopes()).containsExactly("read:user");
        assertThat(flow.discover(oauthApp, tokens))
                .containsEntry("missing_scopes", "repo")
                .containsEntry("login", "alice");
    }

    @Test
    void anOAuthAppGrantOfEveryRequestedScopeRecordsNothingMissing() {
        github.appKind(GitHubAppKind.OAUTH_APP);
        ProviderRegistration oauthApp = oauthApp();

        TokenSet tokens = flow.connect(oauthApp, github, "alice");

        assertThat(flow.discover(oauthApp, tokens)).doesNotContainKey("missing_scopes");
    }

    @Test
    void replayedOrExpiredCodeRequiresANewAuthorization() {
        SandboxFlow.Authorization a = flow.authorize(registration, github);
        exchange(registration, a, SandboxFlow.REDIRECT_URI);

        assertThatThrownBy(() -> exchange(registration, a, SandboxFlow.REDIRECT_URI))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("bad_verification_code"));
    }

    @Test
    void redirectUriMismatchIsAMisconfiguration() {
        SandboxFlow.Authorization a = flow.authorize(registration, github);

        assertThatThrownBy(() -> exchange(registration, a, URI.create("http://127.0.0.1:9999/elsewhere")))
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("redirect_uri_mismatch"));
    }

    @Test
    void wrongClientSecretIsAMisconfiguration() {
        assertThatThrownBy(() -> flow.client
                        .refresh(gitHubApp("wrong"), ConnectionId.of("github", "alice"), Secret.of("ghr_x"))
                        .block())
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("incorrect_client_credentials"));
    }

    @Test
    void revocationDeletesTheGrantWithBasicAuthAndAJsonBody() {
        TokenSet tokens = flow.connect(registration, github, "alice");
        ConnectionRecord record = flow.record(registration, "alice", tokens, Map.of());

        Revocation result = registration
                .descriptor()
                .revoker()
                .revoke(registration, record, flow.client)
                .block();

        assertThat(result).isEqualTo(Revocation.REVOKED);
        RecordedRequest delete = github.requests().last(Endpoint.REVOCATION).orElseThrow();
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.path()).isEqualTo("/applications/" + github.client().clientId() + "/grant");
        assertThat(delete.header("Authorization"))
                .isEqualTo("Basic "
                        + Base64.getEncoder()
                                .encodeToString((github.client().clientId() + ":"
                                                + github.client().clientSecret())
                                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(delete.header("Content-Type")).startsWith("application/json");
        assertThat(delete.body())
                .contains("\"access_token\"")
                .contains(tokens.accessToken().reveal());
        assertThatThrownBy(() -> refresh(tokens.refreshToken())).isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void revokingAnUnrecognisedTokenOnlyDeletesLocally() {
        TokenSet tokens = flow.connect(registration, github, "alice");
        ConnectionRecord record = flow.record(registration, "alice", tokens, Map.of());
        registration
                .descriptor()
                .revoker()
                .revoke(registration, record, flow.client)
                .block();

        assertThat(registration
                        .descriptor()
                        .revoker()
                        .revoke(registration, record, flow.client)
                        .block())
                .isEqualTo(Revocation.NOT_SUPPORTED);
    }

    @Test
    void enterpriseServerUsesTheWebHostForOAuthAndApiV3ForTheRestApi() {
        github.close();
        github = GitHubSandbox.startEnterpriseServer(SandboxOptions.defaults().withClock(flow.clock));
        ProviderRegistration ghes = new GitHubProviderType()
                .register(Settings.of("github")
                        .id("ghes")
                        .client(github.client().clientId(), github.client().clientSecret())
                        .option("web-base-url", github.webBaseUrl().toString())
                        .build());

        TokenSet tokens = flow.connect(ghes, github, "alice");
        Map<String, String> attributes = flow.discover(ghes, tokens);
        Revocation revoked = ghes.descriptor()
                .revoker()
                .revoke(ghes, flow.record(ghes, "alice", tokens, attributes), flow.client)
                .block();

        assertThat(ghes.descriptor().apiBaseUri()).isEqualTo(github.apiBaseUrl());
        assertThat(attributes).containsEntry("user_id", github.user("alice").id());
        assertThat(revoked).isEqualTo(Revocation.REVOKED);
        assertThat(github.requests().last(Endpoint.REVOCATION).orElseThrow().path())
                .startsWith("/api/v3/applications/");
    }

    private TokenSet refresh(Secret refreshToken) {
        return flow.client
                .refresh(registration, ConnectionId.of("github", "alice"), refreshToken)
                .block();
    }

    private TokenSet exchange(ProviderRegistration r, SandboxFlow.Authorization a, URI redirectUri) {
        return flow.client
                .exchangeAuthorizationCode(
                        r,
                        ConnectionId.of("github", "alice"),
                        a.redirect().code(),
                        a.pkce().verifier(),
                        redirectUri)
                .block();
    }

    private ProviderRegistration gitHubApp(String secret) {
        return new GitHubProviderType()
                .register(Settings.of("github")
                        .client(github.client().clientId(), secret)
                        .option("web-base-url", github.webBaseUrl().toString())
                        .option("api-base-url", github.apiBaseUrl().toString())
                        .build());
    }

    private ProviderRegistration oauthApp() {
        return new GitHubProviderType()
                .register(Settings.of("github")
                        .client(github.client().clientId(), github.client().clientSecret())
                        .scopes("repo", "read:user")
                        .option("app-type", "oauth-app")
                        .option("web-base-url", github.webBaseUrl().toString())
                        .option("api-base-url", github.apiBaseUrl().toString())
                        .build());
    }
}
