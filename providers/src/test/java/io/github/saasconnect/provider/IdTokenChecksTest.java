package io.github.saasconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connect.ConnectFailure;
import io.github.saasconnect.connect.ConnectFlowException;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.provider.google.GoogleProviderType;
import io.github.saasconnect.provider.microsoft.MicrosoftProviderType;
import io.github.saasconnect.provider.testing.ConnectedStack;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.IdTokenFault;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The connect flow checks the ID token of its code exchange (OpenID Connect Core §3.1.3.7) over real HTTP against the
 * sandboxes, which sign their ID tokens RS256, publish the key at their JWK Set URI and echo the request's nonce:
 * a generic OIDC registration with {@code issuer-uri} (the Google sandbox as the provider) checks the signature with
 * the keys its discovery document names; Google and Microsoft check the claims only.
 */
class IdTokenChecksTest {

    private final SandboxFlow flow = new SandboxFlow();
    private final GoogleSandbox google =
            GoogleSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private MicrosoftSandbox microsoft;

    @AfterEach
    void stop() {
        google.close();
        if (microsoft != null) {
            microsoft.close();
        }
    }

    @Test
    void aSoundIdTokenConnectsAndTheAuthorizationRequestCarriedANonce() {
        ConnectedStack stack = new ConnectedStack(flow, oidc());

        ConnectRedirect redirect = stack.connect
                .start("oidc", "alice", null, SandboxFlow.REDIRECT_URI)
                .block(Duration.ofSeconds(30));
        assertThat(redirect.location().getQuery()).containsPattern("nonce=[A-Za-z0-9_-]{43}");
        ConnectionId id = stack.connect("alice");

        assertThat(stack.stored(id)).isNotNull();
        assertThat(google.requestCount(Endpoint.DISCOVERY)).isEqualTo(1);
        assertThat(google.requestCount(Endpoint.KEYS)).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
        "WRONG_NONCE, id_token_nonce",
        "NO_NONCE, id_token_nonce",
        "WRONG_AUDIENCE, id_token_audience",
        "WRONG_ISSUER, id_token_issuer",
        "EXPIRED, id_token_expired",
        "BAD_SIGNATURE, id_token_signature"
    })
    void aSpoiledIdTokenIsRefusedNamingTheCheckAndNothingIsStored(IdTokenFault fault, String code) {
        ConnectedStack stack = new ConnectedStack(flow, oidc());
        google.idTokens().nextIdToken(fault);

        assertRefused(stack, code);
        assertThat(stack.store.read(ConnectionId.of("oidc", "alice")).block()).isNull();
        assertThat(stack.events).isEmpty();
    }

    @Test
    void aTokenUnderAnUnknownKeyMakesOneNewFetchOfTheKeysAndIsRefused() {
        ConnectedStack stack = new ConnectedStack(flow, oidc());
        stack.connect("alice");
        google.idTokens().nextIdToken(IdTokenFault.UNKNOWN_KEY);

        assertRefused(stack, "id_token_key_unknown");
        assertThat(google.requestCount(Endpoint.KEYS))
                .as("first fetch, then one refetch")
                .isEqualTo(2);

        // a second unknown key within 30 s of that refetch does not make the provider's server serve the set again
        google.idTokens().nextIdToken(IdTokenFault.UNKNOWN_KEY);
        assertRefused(stack, "id_token_key_unknown");
        assertThat(google.requestCount(Endpoint.KEYS)).isEqualTo(2);
    }

    @Test
    void aRotatedKeyIsFetchedAndAccepted() {
        ConnectedStack stack = new ConnectedStack(flow, oidc());
        stack.connect("alice");
        google.idTokens().rotateKey();

        stack.connect("bob");

        assertThat(google.requestCount(Endpoint.KEYS)).isEqualTo(2);
    }

    @Test
    void googleChecksTheClaimsButNotTheSignatureOfATokenStraightFromItsTokenEndpoint() {
        ConnectedStack stack = new ConnectedStack(flow, google(google.issuer()));
        google.idTokens().nextIdToken(IdTokenFault.BAD_SIGNATURE);
        stack.connect("alice");
        assertThat(google.requestCount(Endpoint.KEYS)).isZero();

        google.idTokens().nextIdToken(IdTokenFault.WRONG_NONCE);
        assertRefused(stack, "id_token_nonce");
    }

    @Test
    void googleExpectsItsOwnIssuerUnlessTold() {
        ConnectedStack stack = new ConnectedStack(flow, google(null));

        assertRefused(stack, "id_token_issuer");
    }

    @Test
    void microsoftMultiTenantIssuerTakesTheTokensTenantId() {
        microsoft = MicrosoftSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
        ProviderRegistration registration = new MicrosoftProviderType()
                .register(Settings.of("microsoft")
                        .client(
                                microsoft.client().clientId(),
                                microsoft.client().clientSecret())
                        .scopes("User.Read")
                        .option("tenant", "common")
                        .option("authority-host", microsoft.baseUrl().toString())
                        .apiBaseUri(microsoft.baseUrl())
                        .build());
        assertThat(registration.descriptor().idTokenRules().issuer())
                .isEqualTo(microsoft.baseUrl() + "/{tenantid}/v2.0");
        ConnectedStack stack = new ConnectedStack(flow, registration);

        stack.connect("alice");

        microsoft.idTokens().nextIdToken(IdTokenFault.WRONG_ISSUER);
        assertRefused(stack, "id_token_issuer");
        microsoft.idTokens().nextIdToken(IdTokenFault.WRONG_AUDIENCE);
        assertRefused(stack, "id_token_audience");
    }

    private static void assertRefused(ConnectedStack stack, String code) {
        assertThatThrownBy(() -> stack.connect("alice")).isInstanceOfSatisfying(ConnectFlowException.class, e -> {
            assertThat(e.failure()).isEqualTo(ConnectFailure.ID_TOKEN_INVALID);
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).doesNotContain("eyJ");
        });
    }

    private ProviderRegistration oidc() {
        return new GenericOAuth2ProviderType()
                .register(Settings.of("oauth2")
                        .id("oidc")
                        .client(google.client().clientId(), google.client().clientSecret())
                        .scopes("openid", "email")
                        .authorizationUri(google.authorizationEndpoint())
                        .tokenUri(google.tokenEndpoint())
                        .option("issuer-uri", google.issuer())
                        .build());
    }

    private ProviderRegistration google(String issuer) {
        Settings settings = Settings.of("google")
                .client(google.client().clientId(), google.client().clientSecret())
                .scopes("email")
                .authorizationUri(google.authorizationEndpoint())
                .tokenUri(google.tokenEndpoint());
        if (issuer != null) {
            settings.option("issuer", issuer);
        }
        return new GoogleProviderType().register(settings.build());
    }
}
