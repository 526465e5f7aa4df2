package io.github.saasconnect.provider.microsoft;

import static io.github.saasconnect.provider.testing.Errors.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.TokenErrorResponse;
import io.github.saasconnect.provider.testing.Jwts;
import io.github.saasconnect.provider.testing.Settings;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MicrosoftAdapterTest {

    private static final ConnectionId ALICE = ConnectionId.of("microsoft", "alice");
    private final ProviderRegistration registration = new MicrosoftProviderType()
            .register(Settings.of("microsoft").scopes("User.Read").build());

    @Test
    void inactivityExpiryRequiresReauthorizationAndKeepsTheAadstsCode() {
        SaasConnectException e = classify(error(
                400,
                "invalid_grant",
                "AADSTS700082: The refresh token has expired "
                        + "due to inactivity. The token was issued on 2026-08-01T10:00:00Z and was inactive for "
                        + "90.00:00:00.\r\nTrace ID: 0f1e\r\nCorrelation ID: 9a8b\r\nTimestamp: 2026-11-25 10:00:00Z",
                "error_codes",
                "700082",
                "trace_id",
                "0f1e",
                "correlation_id",
                "9a8b"));

        assertThat(e).isInstanceOfSatisfying(ReauthorizationRequiredException.class, r -> {
            assertThat(r.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
            assertThat(r.errorCode()).isEqualTo("invalid_grant/AADSTS700082");
            assertThat(r.getMessage())
                    .contains("90 days of inactivity")
                    .contains("Correlation ID: 9a8b")
                    .doesNotContain("\n");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "invalid_grant, 70008, GRANT_INVALID",
        "invalid_grant, 50173, GRANT_INVALID",
        "invalid_grant, 700084, GRANT_INVALID",
        "invalid_grant, 54005, GRANT_INVALID",
        "invalid_grant, 70043, SESSION_CONTROL",
        "invalid_grant, 50076, INTERACTION_REQUIRED",
        "interaction_required, 50079, INTERACTION_REQUIRED",
        "invalid_grant, 50078, INTERACTION_REQUIRED",
        "invalid_grant, 53003, INTERACTION_REQUIRED",
        "invalid_grant, 65001, CONSENT_REQUIRED",
        "interaction_required, 0, INTERACTION_REQUIRED",
        "consent_required, 0, CONSENT_REQUIRED"
    })
    void deadOrBlockedGrantsRequireReauthorizationWithTheirCause(String error, int code, ReauthorizationCause cause) {
        SaasConnectException e = classify(
                code == 0
                        ? error(400, error, "x")
                        : error(400, error, "AADSTS" + code + ": x", "error_codes", String.valueOf(code)));

        assertThat(e).isInstanceOfSatisfying(ReauthorizationRequiredException.class, r -> {
            assertThat(r.reason()).isEqualTo(cause);
            assertThat(r.errorCode()).isEqualTo(code == 0 ? error : error + "/AADSTS" + code);
        });
    }

    @Test
    void temporarilyUnavailableIsTransient() {
        assertThat(classify(error(503, "temporarily_unavailable", "AADSTS90033: x", "error_codes", "90033")))
                .isInstanceOfSatisfying(
                        TransientFailureException.class,
                        t -> assertThat(t.getMessage()).contains("temporarily_unavailable/AADSTS90033"));
        assertThat(classify(error(400, "temporarily_unavailable", null))).isInstanceOf(TransientFailureException.class);
    }

    @Test
    void loopDetectionAndTenantThrottlingAreRateLimits() {
        assertThat(classify(error(400, "invalid_request", "AADSTS50196: loop", "error_codes", "50196")))
                .isInstanceOf(RateLimitedException.class);
        assertThat(classify(error(400, "temporarily_unavailable", "AADSTS90055: x", "error_codes", "90055")))
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void expiredSecretIsAMisconfigurationThatSaysWhatToDo() {
        assertThat(classify(error(
                        401,
                        "invalid_client",
                        "AADSTS7000222: The provided client secret keys are expired.",
                        "error_codes",
                        "7000222")))
                .isInstanceOfSatisfying(ClientMisconfiguredException.class, c -> {
                    assertThat(c.errorCode()).isEqualTo("invalid_client/AADSTS7000222");
                    assertThat(c.getMessage()).contains("create a new one");
                });
    }

    @Test
    void singleTenantAppOnCommonIsAMisconfigurationPointingAtTheTenantOption() {
        assertThat(classify(error(
                        400,
                        "invalid_request",
                        "AADSTS50194: Application is not configured as a " + "multi-tenant application.",
                        "error_codes",
                        "50194")))
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        c -> assertThat(c.getMessage()).contains("tenant option"));
    }

    @Test
    void codesAreReadFromTheDescriptionWhenErrorCodesIsMissing() {
        assertThat(classify(error(
                        400,
                        "invalid_grant",
                        "AADSTS70043: The refresh token has expired or is invalid "
                                + "due to sign-in frequency checks by conditional access.")))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        r -> assertThat(r.reason()).isEqualTo(ReauthorizationCause.SESSION_CONTROL));
    }

    @Test
    void recordsTenantAndObjectIdFromTheIdToken() {
        TokenSet tokens = new TokenSet(
                Secret.of("eyJ0eXAi.access"),
                null,
                "Bearer",
                Secret.of("0.AAAA-refresh"),
                null,
                Set.of("User.Read"),
                Jwts.idToken("{\"tid\":\"9188040d-6c67-4c5b-b112-36a304b66dad\","
                        + "\"oid\":\"00000000-0000-0000-66f3-3332eca7ea81\",\"preferred_username\":\"a@outlook.com\"}"),
                Map.of());

        assertThat(registration
                        .descriptor()
                        .accountDiscovery()
                        .discover(registration, tokens, null)
                        .block())
                .containsExactly(
                        Map.entry("tid", "9188040d-6c67-4c5b-b112-36a304b66dad"),
                        Map.entry("oid", "00000000-0000-0000-66f3-3332eca7ea81"),
                        Map.entry("preferred_username", "a@outlook.com"));
    }

    private SaasConnectException classify(TokenErrorResponse response) {
        return registration.descriptor().errorClassifier().classify(registration, ALICE, response);
    }
}
