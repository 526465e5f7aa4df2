package io.github.saasconnect.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one refresh-window rule the store's due check and the token manager's cache share. */
class RefreshWindowTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration SKEW = Duration.ofMinutes(5);

    @Test
    void aLongLivedTokenIsRefreshedTheSkewBeforeItExpires() {
        assertThat(RefreshWindow.refreshAt(T0, T0.plus(Duration.ofHours(1)), SKEW))
                .isEqualTo(T0.plus(Duration.ofMinutes(55)));
    }

    @Test
    void aTokenShorterThanTwiceTheSkewIsRefreshedAtHalfItsLifetimeNotAtOnce() {
        assertThat(RefreshWindow.refreshAt(T0, T0.plus(Duration.ofMinutes(4)), SKEW))
                .isEqualTo(T0.plus(Duration.ofMinutes(2)));
    }

    @Test
    void anAlreadyExpiredTokenIsDueAtItsExpiry() {
        assertThat(RefreshWindow.refreshAt(T0, T0.minusSeconds(1), SKEW)).isEqualTo(T0.minusSeconds(1));
    }

    @Test
    void aTokenWithoutExpiryIsNeverDue() {
        assertThat(RefreshWindow.refreshAt(T0, null, SKEW)).isNull();
    }
}
