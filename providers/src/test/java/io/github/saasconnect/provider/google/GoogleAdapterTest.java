package io.github.saasconnect.provider.google;

import static io.github.saasconnect.provider.testing.Errors.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.testing.Jwts;
import io.github.saasconnect.provider.testing.LogCapture;
import io.github.saasconnect.provider.testing.Settings;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GoogleAdapterTest {

    private static final ConnectionId ALICE = ConnectionId.of("google", "alice");
    private final ProviderRegistration registration = new GoogleProviderType()
            .register(Settings.of("google")
                    .scopes(
                            "email",
                            "profile",
                            "https://www.googleapis.com/auth/drive.readonly",
                            "https://www.googleapis.com/auth/calendar")
                    .build());

    @Test
    void expiredOrRevokedRefreshTokenRequiresReauthorization() {
        SaasConnectException e = classify(error(400, "invalid_grant", "Token has been expired or revoked."));

        assertThat(e).isInstanceOfSatisfying(ReauthorizationRequiredException.class, r -> {
            assertThat(r.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
            assertThat(r.errorCode()).isEqualTo("invalid_grant");
        });
    }

    @Test
    void invalidRaptIsSessionControlNotRevocation() {
        SaasConnectException e = classify(
                error(400, "invalid_grant", "reauth related error (invalid_rapt)", "error_subtype", "invalid_rapt"));

        assertThat(e).isInstanceOfSatisfying(ReauthorizationRequiredException.class, r -> {
            assertThat(r.reason()).isEqualTo(ReauthorizationCause.SESSION_CONTROL);
            assertThat(r.errorCode()).isEqualTo("invalid_rapt");
        });
    }

    @Test
    void adminPolicyEnforcedNeedsConsentNotAConfigurationFix() {
        assertThat(classify(error(400, "admin_policy_enforced", null)))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        r -> assertThat(r.reason()).isEqualTo(ReauthorizationCause.CONSENT_REQUIRED));
    }

    @Test
    void clientErrorsAreMisconfigurationAndServerErrorsTransient() {
        assertThat(classify(error(401, "invalid_client", "Unauthorized")))
                .isInstanceOf(ClientMisconfiguredException.class);
        assertThat(classify(error(400, "redirect_uri_mismatch", "Bad Request")))
                .isInstanceOf(ClientMisconfiguredException.class);
        assertThat(classify(error(503, "server_error", null))).isInstanceOf(TransientFailureException.class);
    }

    @Test
    void recordsSubAndHostedDomainFromTheIdToken() {
        TokenSet tokens = tokens(
                Set.of(
                        "openid",
                        "https://www.googleapis.com/auth/userinfo.email",
                        "https://www.googleapis.com/auth/userinfo.profile",
                        "https://www.googleapis.com/auth/drive.readonly",
                        "https://www.googleapis.com/auth/calendar"),
                "{\"iss\":\"https://accounts.google.com\",\"sub\":\"110169484474386276334\",\"hd\":\"example.com\","
                        + "\"email\":\"alice@example.com\"}");

        Map<String, String> attributes = registration
                .descriptor()
                .accountDiscovery()
                .discover(registration, tokens, null)
                .block();

        assertThat(attributes)
                .containsExactly(
                        Map.entry("sub", "110169484474386276334"),
                        Map.entry("hd", "example.com"),
                        Map.entry("email", "alice@example.com"));
    }

    @Test
    void partialGrantIsRecordedAndWarnedAboutWithoutTokens() {
        TokenSet tokens = tokens(
                Set.of(
                        "openid",
                        "email",
                        "https://www.googleapis.com/auth/userinfo.profile",
                        "https://www.googleapis.com/auth/drive.readonly"),
                "{\"sub\":\"1\"}");

        try (LogCapture log = LogCapture.of(GoogleAdapter.class)) {
            Map<String, String> attributes = registration
                    .descriptor()
                    .accountDiscovery()
                    .discover(registration, tokens, null)
                    .block();

            assertThat(attributes).containsEntry("missing_scopes", "https://www.googleapis.com/auth/calendar");
            assertThat(log.warnings())
                    .singleElement()
                    .asString()
                    .contains("https://www.googleapis.com/auth/calendar")
                    .contains("'google'")
                    .doesNotContain("ya29.access")
                    .doesNotContain("1//0refresh");
        }
    }

    @Test
    void noIdTokenMeansNoSubAndAWarning() {
        TokenSet tokens = new TokenSet(Secret.of("ya29.access"), null, "Bearer", null, null, Set.of(), null, Map.of());

        try (LogCapture log = LogCapture.of(GoogleAdapter.class)) {
            assertThat(registration
                            .descriptor()
                            .accountDiscovery()
                            .discover(registration, tokens, null)
                            .block())
                    .doesNotContainKey("sub");
            assertThat(log.warnings()).singleElement().asString().contains("openid");
        }
    }

    private SaasConnectException classify(io.github.saasconnect.provider.TokenErrorResponse response) {
        return registration.descriptor().errorClassifier().classify(registration, ALICE, response);
    }

    private static TokenSet tokens(Set<String> scopes, String claims) {
        return new TokenSet(
                Secret.of("ya29.access"),
                null,
                "Bearer",
                Secret.of("1//0refresh"),
                null,
                scopes,
                Jwts.idToken(claims),
                Map.of());
    }
}
