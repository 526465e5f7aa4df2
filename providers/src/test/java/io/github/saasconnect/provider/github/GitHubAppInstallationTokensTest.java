package io.github.saasconnect.provider.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.event.AppAccessRevokedEvent;
import io.github.saasconnect.failure.AppAccessRevokedException;
import io.github.saasconnect.failure.AppCredentialException;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.job.JobSettings;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.testing.AppTokenScenario;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.signing.JwsSigner;
import io.github.saasconnect.signing.LocalJwsSigner;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.TestKeys;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** GitHub App installation tokens over HTTP against the GitHub sandbox, through the token manager. */
class GitHubAppInstallationTokensTest {

    private final SandboxFlow flow = new SandboxFlow();
    private GitHubSandbox sandbox;
    private long installation;

    GitHubAppInstallationTokensTest() {
        start(GitHubSandbox.start(SandboxOptions.defaults().withClock(flow.clock)));
    }

    private void start(GitHubSandbox started) {
        if (sandbox != null) {
            sandbox.close();
        }
        sandbox = started;
        sandbox.appPublicKey(TestKeys.APP.publicKey());
        installation = sandbox.installApp("acme");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theAppJwtBuysAnInstallationTokenThatLivesOneHour() throws Exception {
        AppTokenScenario app = scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of()));

        AccessToken token = app.token();

        assertThat(token.expiresAt()).isEqualTo(flow.clock.instant().plus(Duration.ofHours(1)));
        assertThat(token.scopes()).containsExactlyInAnyOrder("contents:read", "metadata:read");
        RecordedRequest request = sandbox.requests().last(Endpoint.APP_TOKEN).orElseThrow();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/app/installations/" + installation + "/access_tokens");
        assertThat(request.body()).isEmpty();
        SignedJWT jwt = SignedJWT.parse(request.header("authorization").substring("Bearer ".length()));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier(TestKeys.APP.publicKey()))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(sandbox.appId());
        assertThat(claims.getIssueTime())
                .isEqualTo(Date.from(flow.clock.instant().minusSeconds(60)));
        assertThat(claims.getExpirationTime())
                .isEqualTo(Date.from(flow.clock.instant().plus(Duration.ofMinutes(9))));
        app.assertNothingStored();
    }

    @Test
    void theClientIdIsAnIssuerTooAndRepositoriesAndPermissionsNarrowTheToken() {
        AppTokenScenario app = scenario(
                credentials(TestKeys.APP, null, Map.of("repositories", "repo-a", "permissions.contents", "read")));

        assertThat(app.token().scopes()).containsExactly("contents:read");

        assertThat(sandbox.requests().last(Endpoint.APP_TOKEN).orElseThrow().body())
                .contains("\"repositories\":[\"repo-a\"]")
                .contains("\"permissions\":{\"contents\":\"read\"}");
    }

    @Test
    void aTokenIsCachedUntilItsRefreshWindowThenMintedAgain() {
        scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of()))
                .assertCachedUntilRefreshWindow(Duration.ofHours(1));
    }

    @Test
    void twoHundredConcurrentCallersShareOneTokenRequest() throws Exception {
        scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of())).assertConcurrentCallersShareOneMint(200);
    }

    @ParameterizedTest
    @MethodSource("io.github.saasconnect.provider.testing.AppTokenScenario#retriedFaults")
    void faultsAreRetried(Fault fault) {
        scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of())).assertRetried(fault);
    }

    @Test
    void aRemovedInstallationFailsOnceWithoutRetryAndIsAnnounced() {
        AppTokenScenario app = scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of()));
        sandbox.uninstallApp(installation);

        assertThatThrownBy(app::token).isInstanceOfSatisfying(AppAccessRevokedException.class, e -> {
            assertThat(e.kind()).isEqualTo(FailureKind.NOT_CONNECTED);
            assertThat(e.errorCode()).isEqualTo("installation_not_found");
            assertThat(e.connection()).isEqualTo(app.connection);
        });
        assertThat(app.mints()).isEqualTo(1);
        assertThat(app.events)
                .filteredOn(AppAccessRevokedEvent.class::isInstance)
                .singleElement()
                .isEqualTo(new AppAccessRevokedEvent(app.connection, "installation_not_found", flow.clock.instant()));
    }

    @Test
    void aJwtSignedByAnotherKeyIsTheRegistrationsMisconfiguration() {
        ClientMisconfiguredException e =
                scenario(credentials(TestKeys.OTHER, sandbox.appId(), Map.of())).assertRejectedOnce(1);

        assertThat(e.errorCode()).isEqualTo("http_401");
        assertThat(e.getMessage()).contains("app.private-key");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, -12})
    void anAppClockThatDriftsTooFarIsRefusedByGitHub(int minutes) {
        MutableClock github = MutableClock.at(flow.clock.instant());
        start(GitHubSandbox.start(SandboxOptions.defaults().withClock(github)));
        flow.clock.advance(Duration.ofMinutes(minutes));

        assertThat(scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of()))
                        .assertRejectedOnce(1)
                        .getMessage())
                .contains("the clock");
    }

    @Test
    void githubRefusesAJwtThatExpiresMoreThanTenMinutesAhead() throws Exception {
        MutableClock github = flow.clock;
        LocalJwsSigner signer = LocalJwsSigner.fromPem(TestKeys.APP.privateKeyPem(), JWSAlgorithm.RS256, "test");
        String jwt = signer.sign(
                        signer.header().build(),
                        new JWTClaimsSet.Builder()
                                .issuer(sandbox.appId())
                                .issueTime(Date.from(github.instant().minusSeconds(60)))
                                .expirationTime(Date.from(github.instant().plus(Duration.ofMinutes(11))))
                                .build())
                .block();

        String answer = flow.http
                .post()
                .uri(sandbox.apiUrl("/app/installations/" + installation + "/access_tokens"))
                .headers(h -> h.setBearerAuth(jwt))
                .exchangeToMono(r ->
                        r.bodyToMono(String.class).map(body -> r.statusCode().value() + " " + body))
                .block();

        assertThat(answer).startsWith("401 ").contains("'Expiration time' claim ('exp') is too far in the future");
    }

    @Test
    void twoHundredInstallationsMintedThirtyTwoAtATimeSignTheAppJwtOnce() {
        CountingSigner signer = new CountingSigner(TestKeys.APP);
        AppTokenScenario app = scenario(credentials(signer, sandbox.appId()));

        List<String> tokens = mintAll(app, installations(200), 32);

        assertThat(tokens).hasSize(200).doesNotHaveDuplicates();
        assertThat(signer.calls)
                .as("one RSA signature for 200 installation tokens")
                .hasValue(1);
        assertThat(sandbox.requests().of(Endpoint.APP_TOKEN))
                .hasSize(200)
                .extracting(r -> r.header("authorization"))
                .containsOnly(sandbox.requests().of(Endpoint.APP_TOKEN).get(0).header("authorization"));
    }

    @Test
    void aCachedJwtThatGitHubsClockHasSeenExpireIsSignedAgainAndTheMintSucceeds() {
        MutableClock github = MutableClock.at(flow.clock.instant());
        start(GitHubSandbox.start(SandboxOptions.defaults().withClock(github)));
        CountingSigner signer = new CountingSigner(TestKeys.APP);
        AppTokenScenario app = scenario(credentials(signer, sandbox.appId()));
        app.token();
        // the app's clock falls two minutes behind GitHub's: by its own clock the JWT still has two minutes to live
        flow.clock.advance(Duration.ofMinutes(7));
        github.advance(GitHubAppJwt.LIFETIME);

        assertThat(mintAll(app, installations(1), 1)).hasSize(1);

        List<RecordedRequest> mints = sandbox.requests().of(Endpoint.APP_TOKEN);
        assertThat(mints).hasSize(3);
        assertThat(mints.get(1).header("authorization")).isEqualTo(mints.get(0).header("authorization"));
        assertThat(mints.get(2).header("authorization"))
                .isNotEqualTo(mints.get(1).header("authorization"));
        assertThat(signer.calls).hasValue(2);
    }

    @Test
    void afterTheKeyIsRotatedMintsInFlightTogetherShareOneNewSignature() {
        CountingSigner signer = new CountingSigner(TestKeys.APP);
        AppTokenScenario app = scenario(credentials(signer, sandbox.appId()));
        app.token();
        // a new key generated on GitHub and the old one deleted; the signer (a Vault Transit key, say) signs with it
        sandbox.appPublicKey(TestKeys.OTHER.publicKey());
        signer.use(TestKeys.OTHER);

        List<String> tokens = mintAll(app, installations(32), 32);

        assertThat(tokens).hasSize(32).doesNotHaveDuplicates();
        assertThat(signer.calls)
                .as("one new signature, not one per refused request")
                .hasValue(2);
        assertThat(sandbox.requests().of(Endpoint.APP_TOKEN))
                .extracting(r -> r.header("authorization"))
                .as("the old JWT at most once per installation, then the new one")
                .hasSizeBetween(1 + 32 + 1, 1 + 32 + 32)
                .containsOnly(
                        sandbox.requests().of(Endpoint.APP_TOKEN).get(0).header("authorization"),
                        sandbox.requests()
                                .last(Endpoint.APP_TOKEN)
                                .orElseThrow()
                                .header("authorization"));
    }

    @Test
    void aKeyDeletedOnGitHubFailsTheNextMintAfterOneNewJwtAndEachLaterMintAfterOneRequest() {
        CountingSigner signer = new CountingSigner(TestKeys.APP);
        AppTokenScenario app = scenario(credentials(signer, sandbox.appId()));
        app.token();
        sandbox.appPublicKey(TestKeys.OTHER.publicKey());
        List<ConnectionId> others = installations(2);

        for (int i = 0; i < 2; i++) {
            long before = app.mints();
            ConnectionId connection = others.get(i);
            assertThatThrownBy(() -> app.tokens.accessToken(connection).block())
                    .isInstanceOfSatisfying(
                            ClientMisconfiguredException.class,
                            e -> assertThat(e.errorCode()).isEqualTo("http_401"));
            assertThat(app.mints() - before)
                    .as("the reused JWT and a new one, then only a new one")
                    .isEqualTo(i == 0 ? 2 : 1);
        }
        assertThat(signer.calls).hasValue(3);
    }

    @Test
    void anEnterpriseServerMintsUnderApiV3() {
        start(GitHubSandbox.startEnterpriseServer(SandboxOptions.defaults().withClock(flow.clock)));

        assertThat(scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of()))
                        .token())
                .isNotNull();

        assertThat(sandbox.requests().last(Endpoint.APP_TOKEN).orElseThrow().path())
                .isEqualTo("/api/v3/app/installations/" + installation + "/access_tokens");
    }

    @Test
    void aJobWalksEveryInstallationAcrossPagesEachWithItsOwnTokenBoughtWithOneAppJwt() {
        for (int i = 0; i < 149; i++) {
            sandbox.installApp("org-" + i);
        }
        AppTokenScenario app = scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of()));
        ProviderRegistry registry = new ProviderRegistry(List.of(app.registration));
        ProviderClients clients = ProviderClients.builder(
                        registry,
                        app.tokens,
                        app.store,
                        RefreshResilience.withSettings(ResilienceSettings.defaults(), flow.clock))
                .clock(flow.clock)
                .build();
        ConnectionJobs jobs = new ConnectionJobs(app.store, registry, clients, flow.clock, JobSettings.defaults());
        GitHubAppInstallations installations = GitHubAppInstallations.of(app.registration, flow.client);

        JobReport report = jobs.forEachAppConnection(
                "gh-app",
                installations.connections(),
                8,
                (connection, client) -> client.get()
                        .uri("/user")
                        .retrieve()
                        .bodyToMono(Map.class)
                        .doOnNext(user -> assertThat(user.get("login"))
                                .isEqualTo("installation-" + connection.id().appSubject()))
                        .then());

        assertThat(report.succeeded()).isEqualTo(150);
        assertThat(report.failures()).isEmpty();
        assertThat(app.mints()).isEqualTo(150);
        assertThat(sandbox.requests().of(Endpoint.APP_TOKEN))
                .extracting(r -> r.header("authorization"))
                .as("one app JWT, reused for its life, not one RSA signature per installation")
                .containsOnly(sandbox.requests().of(Endpoint.APP_TOKEN).get(0).header("authorization"));
        assertThat(sandbox.requests().of(Endpoint.API))
                .filteredOn(r -> r.path().equals("/app/installations"))
                .hasSize(2);
    }

    @Test
    void anInstallationTokenListsTheRepositoriesOfItsAccountAUserTokenIsRefused() {
        AppTokenScenario app = scenario(credentials(TestKeys.APP, sandbox.appId(), Map.of()));

        String listed = get("/installation/repositories", app.token().value().reveal());
        String asUser = get(
                "/installation/repositories",
                sandbox.connect(sandbox.user("octocat")).accessToken());

        assertThat(listed).startsWith("200 ").contains("\"total_count\":2").contains("\"full_name\":\"acme/repo-a\"");
        assertThat(asUser).startsWith("403 ").contains("installation access token");
    }

    private String get(String path, String bearer) {
        return flow.http
                .get()
                .uri(sandbox.apiUrl(path))
                .headers(h -> h.setBearerAuth(bearer))
                .exchangeToMono(r ->
                        r.bodyToMono(String.class).map(body -> r.statusCode().value() + " " + body))
                .block();
    }

    @Test
    void aSubjectThatIsNoInstallationIdFailsNamingTheConnection() {
        ProviderRegistration gh = registration(credentials(TestKeys.APP, sandbox.appId(), Map.of()));
        AppTokenScenario app =
                new AppTokenScenario(flow, sandbox, gh, ConnectionId.app("gh-app", "acme"), Endpoint.APP_TOKEN);

        assertThatThrownBy(app::token)
                .isInstanceOf(AppCredentialException.class)
                .hasMessageContaining("app connection gh-app:app:acme")
                .hasMessageContaining("<installation id>");
        assertThat(app.mints()).isZero();
    }

    @Test
    void startupNamesWhatIsMissingOrWrong() {
        AppCredentials secretOnly = new AppCredentials(
                List.of(io.github.saasconnect.connection.Secret.of("s")), null, null, null, List.of(), Map.of());
        assertThatThrownBy(() -> registration(secretOnly))
                .hasMessageContaining("saas-connect.providers.gh-app.app.private-key is not set");
        AppCredentials pss = new AppCredentials(
                List.of(),
                LocalJwsSigner.fromPem(TestKeys.APP.privateKeyPem(), JWSAlgorithm.PS256, "k"),
                null,
                null,
                List.of(),
                Map.of());
        assertThatThrownBy(() -> registration(pss))
                .hasMessageContaining("saas-connect.providers.gh-app.app.private-key.algorithm is PS256");
        assertThatThrownBy(() -> registration(credentials(TestKeys.APP, null, Map.of("repos", "x"))))
                .hasMessageContaining(
                        "saas-connect.providers.gh-app.app.parameters.repos is not a GitHub App token " + "parameter");
    }

    private AppTokenScenario scenario(AppCredentials credentials) {
        return new AppTokenScenario(
                flow,
                sandbox,
                registration(credentials),
                ConnectionId.app("gh-app", Long.toString(installation)),
                Endpoint.APP_TOKEN);
    }

    private List<ConnectionId> installations(int count) {
        List<ConnectionId> connections = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            connections.add(ConnectionId.app("gh-app", Long.toString(sandbox.installApp("org-" + i))));
        }
        return connections;
    }

    private static List<String> mintAll(AppTokenScenario app, List<ConnectionId> connections, int concurrency) {
        return Flux.fromIterable(connections)
                .flatMap(id -> app.tokens.accessToken(id), concurrency)
                .map(token -> token.value().reveal())
                .collectList()
                .block(Duration.ofSeconds(30));
    }

    private static AppCredentials credentials(JwsSigner signer, String issuer) {
        return new AppCredentials(List.of(), signer, null, issuer, List.of(), Map.of());
    }

    private static LocalJwsSigner signer(TestKeys key) {
        return LocalJwsSigner.fromPem(
                key == TestKeys.APP ? key.pkcs1PrivateKeyPem() : key.privateKeyPem(),
                JWSAlgorithm.RS256,
                "app.private-key.pem");
    }

    /** The app's key, counting its signatures; {@link #use} swaps the key as rotating a Vault Transit key would. */
    private static final class CountingSigner implements JwsSigner {

        final AtomicInteger calls = new AtomicInteger();
        private volatile JwsSigner key;

        CountingSigner(TestKeys key) {
            use(key);
        }

        void use(TestKeys next) {
            key = signer(next);
        }

        @Override
        public JWSAlgorithm algorithm() {
            return JWSAlgorithm.RS256;
        }

        @Override
        public Mono<String> sign(JWSHeader header, JWTClaimsSet claims) {
            calls.incrementAndGet();
            return key.sign(header, claims);
        }
    }

    private static AppCredentials credentials(TestKeys key, String issuer, Map<String, String> parameters) {
        return new AppCredentials(List.of(), signer(key), null, issuer, List.of(), parameters);
    }

    private ProviderRegistration registration(AppCredentials credentials) {
        return new GitHubProviderType()
                .register(Settings.of("github")
                        .id("gh-app")
                        .client(sandbox.client().clientId(), sandbox.client().clientSecret())
                        .option("web-base-url", sandbox.webBaseUrl().toString())
                        .option("api-base-url", sandbox.apiBaseUrl().toString())
                        .app(credentials)
                        .build());
    }
}
