package io.github.saasconnect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void standsStillUntilMoved() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

        clock.advance(Duration.ofDays(90));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void zonedViewSharesTheTime() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        var paris = clock.withZone(ZoneId.of("Europe/Paris"));

        clock.set(Instant.parse("2026-07-01T00:00:00Z"));

        assertThat(paris.instant()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    }
}
