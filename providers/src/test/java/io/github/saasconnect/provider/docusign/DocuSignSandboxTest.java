package io.github.saasconnect.provider.docusign;

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
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignAccount;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DocuSignSandboxTest {

    private final SandboxFlow flow = new SandboxFlow();
    private final DocuSignSandbox docusign =
            DocuSignSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final ProviderRegistration registration = registration(s -> s);

    @AfterEach
    void stop() {
        docusign.close();
    }

    @Test
    void codeExchangeUsesHttpBasicAndAsksForExtended() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");

        assertThat(tokens.refreshToken()).isNotNull();
        assertThat(tokens.accessTokenExpiresAt()).isEqualTo(flow.clock.instant().plus(Duration.ofHours(8)));
        RecordedRequest token = docusign.requests().last(Endpoint.TOKEN).orElseThrow();
        assertThat(token.header("Authorization")).startsWith("Basic ");
        assertThat(token.body()).doesNotContain("client_secret");
        assertThat(docusign.requests()
                        .last(Endpoint.AUTHORIZATION)
                        .orElseThrow()
                        .query())
                .contains("scope=signature%20extended");
    }

    @Test
    void discoveryRecordsTheDefaultAccountAndApiCallsGoToItsBaseUri() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");
        DocuSignAccount account = docusign.accounts(docusign.user("alice")).get(0);

        Map<String, String> attributes = flow.discover(registration, tokens);
        ConnectionRecord record = flow.record(registration, "alice", tokens, attributes);
        URI api = registration.descriptor().apiBaseUriResolver().apiBaseUri(registration, record);

        assertThat(attributes)
                .containsEntry("sub", docusign.user("alice").id())
                .containsEntry("account_id", account.accountId())
                .containsEntry("base_uri", account.baseUri());
        assertThat(flow.http
                        .get()
                        .uri(api + "/v2.1/accounts/" + account.accountId())
                        .headers(h -> h.setBearerAuth(tokens.accessToken().reveal()))
                        .retrieve()
                        .toBodilessEntity()
                        .block()
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    @Test
    void theConfiguredAccountIsChosenOverTheDefault() {
        DocuSignAccount second = docusign.addAccount(docusign.user("alice"), "Second", false);
        ProviderRegistration r = registration(s -> s.option("account-id", second.accountId()));

        Map<String, String> attributes = flow.discover(r, flow.connect(r, docusign, "alice"));

        assertThat(attributes).containsEntry("account_id", second.accountId()).containsEntry("account_name", "Second");
    }

    @Test
    void aConfiguredAccountTheUserDoesNotBelongToFailsTheConnectClearly() {
        ProviderRegistration r = registration(s -> s.id("ds").option("account-id", "acct-404"));
        TokenSet tokens = flow.connect(r, docusign, "alice");

        assertThatThrownBy(() -> flow.discover(r, tokens))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("account_not_found");
                    assertThat(e.reason()).isEqualTo(ReauthorizationCause.ACCOUNT_NOT_USABLE);
                    assertThat(e.getMessage())
                            .contains("acct-404")
                            .contains("saas-connect.providers.ds.options.account-id");
                });
    }

    @Test
    void aBaseUriOffDocuSignsHostsIsRefusedSoNoTokenGoesThere() {
        DocuSignAccount foreign =
                docusign.addAccount(docusign.user("alice"), "Foreign", true, "https://docusign.net.evil.example");
        ProviderRegistration r = registration(s -> s.id("ds"));
        TokenSet tokens = flow.connect(r, docusign, "alice");

        assertThatThrownBy(() -> flow.discover(r, tokens))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("untrusted_base_uri");
                    assertThat(e.reason()).isEqualTo(ReauthorizationCause.ACCOUNT_NOT_USABLE);
                    assertThat(e.getMessage())
                            .contains("https://docusign.net.evil.example")
                            .contains(foreign.accountId())
                            .doesNotContain(tokens.accessToken().reveal());
                });
    }

    @Test
    void userinfoOutageIsTransient() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");
        docusign.faults().nextUserInfoResponse(Fault.htmlServerError());

        assertThatThrownBy(() -> flow.discover(registration, tokens)).isInstanceOf(TransientFailureException.class);
    }

    @Test
    void strictRotationKillsTheUsedRefreshToken() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");

        TokenSet refreshed = refresh(registration, tokens.refreshToken());

        assertThat(refreshed.refreshToken()).isNotNull().isNotEqualTo(tokens.refreshToken());
        assertThatThrownBy(() -> refresh(registration, tokens.refreshToken()))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("invalid_grant"));
    }

    @Test
    void withExtendedEveryRefreshRestartsTheThirtyDays() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");
        flow.clock.advance(Duration.ofDays(20));
        TokenSet second = refresh(registration, tokens.refreshToken());
        flow.clock.advance(Duration.ofDays(20));

        assertThat(refresh(registration, second.refreshToken()).accessToken()).isNotNull();
    }

    @Test
    void withoutExtendedTheConnectionEndsThirtyDaysAfterConnectingWhateverTheRefreshes() {
        ProviderRegistration r =
                registration(s -> s.option("extended-scope", "false").scopes("signature"));
        TokenSet tokens = flow.connect(r, docusign, "alice");
        flow.clock.advance(Duration.ofDays(20));
        TokenSet second = refresh(r, tokens.refreshToken());
        flow.clock.advance(Duration.ofDays(11));

        assertThatThrownBy(() -> refresh(r, second.refreshToken()))
                .isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void wrongSecretShowsUpAsExpiredClientTokenAndIsAMisconfiguration() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");
        ProviderRegistration wrong =
                registration(s -> s.client(docusign.client().clientId(), "nope"));

        assertThatThrownBy(() -> refresh(wrong, tokens.refreshToken()))
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("expired_client_token"));
    }

    @Test
    void revokedConsentRequiresReauthorization() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");
        docusign.revokeGrant(docusign.user("alice"));

        assertThatThrownBy(() -> refresh(registration, tokens.refreshToken()))
                .isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void disconnectIsLocalOnlyBecauseThereIsNoRevocationEndpoint() {
        TokenSet tokens = flow.connect(registration, docusign, "alice");

        assertThat(registration
                        .descriptor()
                        .revoker()
                        .revoke(registration, flow.record(registration, "alice", tokens, Map.of()), flow.client)
                        .block())
                .isEqualTo(Revocation.NOT_SUPPORTED);
        assertThat(docusign.requests().count(Endpoint.REVOCATION)).isZero();
    }

    private TokenSet refresh(ProviderRegistration r, Secret refreshToken) {
        return flow.client
                .refresh(r, ConnectionId.of(r.id(), "alice"), refreshToken)
                .block();
    }

    private ProviderRegistration registration(UnaryOperator<Settings> customize) {
        return new DocuSignProviderType()
                .register(customize
                        .apply(Settings.of("docusign")
                                .client(
                                        docusign.client().clientId(),
                                        docusign.client().clientSecret())
                                .scopes("signature")
                                .option("oauth-base-url", docusign.baseUrl().toString()))
                        .build());
    }
}
