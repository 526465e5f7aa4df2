package io.github.saasconnect.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.TokenSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RefreshTokenLifetimeTest {

    private static final Instant CONSENT = Instant.parse("2026-11-01T09:00:00Z");
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @Test
    void aLifetimeFixedFromConsentStartsAtTheCodeExchange() {
        TokenSet stamped = RefreshTokenLifetime.fromConsent(THIRTY_DAYS).onConsent(tokens(null), CONSENT);

        assertThat(stamped.refreshTokenExpiresAt()).isEqualTo(CONSENT.plus(THIRTY_DAYS));
    }

    @Test
    void aRefreshDoesNotMoveTheEndOfALifetimeFixedFromConsent() {
        Instant end = CONSENT.plus(THIRTY_DAYS);

        TokenSet refreshed = RefreshTokenLifetime.fromConsent(THIRTY_DAYS).onRefresh(tokens(null), end);

        assertThat(refreshed.refreshTokenExpiresAt()).isEqualTo(end);
    }

    @Test
    void anExpiryTheResponseStatesWins() {
        Instant stated = CONSENT.plus(Duration.ofDays(7));
        RefreshTokenLifetime lifetime = RefreshTokenLifetime.fromConsent(THIRTY_DAYS);

        assertThat(lifetime.onConsent(tokens(stated), CONSENT).refreshTokenExpiresAt())
                .isEqualTo(stated);
        assertThat(lifetime.onRefresh(tokens(stated), CONSENT.plus(THIRTY_DAYS)).refreshTokenExpiresAt())
                .isEqualTo(stated);
    }

    @Test
    void idleAndUnknownLifetimesLeaveTheExpiryUnknown() {
        for (RefreshTokenLifetime lifetime :
                new RefreshTokenLifetime[] {RefreshTokenLifetime.idle(Duration.ofDays(90)), RefreshTokenLifetime.UNKNOWN
                }) {
            assertThat(lifetime.onConsent(tokens(null), CONSENT).refreshTokenExpiresAt())
                    .isNull();
            assertThat(lifetime.onRefresh(tokens(null), CONSENT.plus(THIRTY_DAYS))
                            .refreshTokenExpiresAt())
                    .isNull();
        }
    }

    @Test
    void aConnectionMadeBeforeTheEndWasRecordedStaysUnknownRatherThanGettingANewThirtyDays() {
        TokenSet refreshed = RefreshTokenLifetime.fromConsent(THIRTY_DAYS).onRefresh(tokens(null), null);

        assertThat(refreshed.refreshTokenExpiresAt()).isNull();
    }

    @Test
    void nonPositiveDurationsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RefreshTokenLifetime.fromConsent(Duration.ZERO))
                .withMessageContaining("fixedFromConsent");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RefreshTokenLifetime.idle(Duration.ofDays(-1)))
                .withMessageContaining("maxIdle");
    }

    private static TokenSet tokens(Instant refreshTokenExpiresAt) {
        return new TokenSet(
                Secret.of("access"),
                CONSENT.plus(Duration.ofHours(8)),
                "Bearer",
                Secret.of("refresh"),
                refreshTokenExpiresAt,
                Set.of("signature"),
                null,
                Map.of());
    }
}
