package io.github.saasconnect.provider.github;

import static io.github.saasconnect.provider.testing.Errors.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.TokenErrorResponse;
import io.github.saasconnect.provider.testing.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubAdapterTest {

    private static final ConnectionId ALICE = ConnectionId.of("github", "alice");
    private final ProviderRegistration registration =
            new GitHubProviderType().register(Settings.of("github").build());

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401})
    void badRefreshTokenRequiresReauthorizationWhateverTheStatus(int status) {
        assertThat(classify(error(status, "bad_refresh_token", "The refresh token passed is incorrect or expired.")))
                .isInstanceOfSatisfying(ReauthorizationRequiredException.class, r -> {
                    assertThat(r.reason()).isEqualTo(ReauthorizationCause.GRANT_INVALID);
                    assertThat(r.errorCode()).isEqualTo("bad_refresh_token");
                });
    }

    @Test
    void badVerificationCodeMeansTheUserMustAuthorizeAgainNotThatTheClientIsWrong() {
        assertThat(classify(error(200, "bad_verification_code", "The code passed is incorrect or expired.")))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        r -> assertThat(r.errorCode()).isEqualTo("bad_verification_code"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"incorrect_client_credentials", "redirect_uri_mismatch"})
    void clientProblemsAreMisconfigurationEvenWithHttp200(String code) {
        assertThat(classify(error(200, code, "x")))
                .isInstanceOfSatisfying(
                        ClientMisconfiguredException.class,
                        c -> assertThat(c.errorCode()).isEqualTo(code));
    }

    @Test
    void unverifiedEmailNeedsTheUserNotTheConfiguration() {
        assertThat(classify(error(200, "unverified_user_email", "x")))
                .isInstanceOfSatisfying(
                        ReauthorizationRequiredException.class,
                        r -> assertThat(r.reason()).isEqualTo(ReauthorizationCause.INTERACTION_REQUIRED));
    }

    @Test
    void slowDownIsARateLimit() {
        assertThat(classify(error(200, "slow_down", "x"))).isInstanceOf(RateLimitedException.class);
    }

    private SaasConnectException classify(TokenErrorResponse response) {
        return registration.descriptor().errorClassifier().classify(registration, ALICE, response);
    }
}
