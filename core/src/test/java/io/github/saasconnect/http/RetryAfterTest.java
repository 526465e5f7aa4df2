package io.github.saasconnect.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

class RetryAfterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T18:00:00Z"), ZoneOffset.UTC);

    private Duration parse(String value) {
        return RetryAfter.parse(value, clock.instant());
    }

    @Test
    void deltaSecondsAreTheWait() {
        assertThat(parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(parse(" 120 ")).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void zeroMeansNow() {
        assertThat(parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void aHugeNumberStaysHugeInsteadOfOverflowingOrBeingDropped() {
        assertThat(parse("99999999999999999999999")).isEqualTo(RetryAfter.LONGEST);
        assertThat(parse("9999999999")).isEqualTo(RetryAfter.LONGEST);
        assertThat(RetryAfter.LONGEST.toMillis()).isPositive();
    }

    @Test
    void negativeFractionalAndGarbageValuesAreIgnored() {
        assertThat(parse("-5")).isNull();
        assertThat(parse("1.5")).isNull();
        assertThat(parse("soon")).isNull();
        assertThat(parse("")).isNull();
        assertThat(parse("  ")).isNull();
        assertThat(parse(null)).isNull();
        assertThat(parse("Fri, 32 Dec 2026 18:00:00 GMT")).isNull();
    }

    @Test
    void anHttpDateIsMeasuredAgainstTheGivenClock() {
        assertThat(parse("Fri, 04 Dec 2026 18:02:00 GMT")).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(
                        "Fri, 04 Dec 2026 18:02:00 GMT", clock.instant().plusSeconds(60)))
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theObsoleteDateFormsAreReadToo() {
        assertThat(parse("Friday, 04-Dec-26 18:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("Fri Dec  4 18:00:45 2026")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void aDateInThePastMeansNow() {
        assertThat(parse("Fri, 04 Dec 2026 17:00:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void repeatedHeadersWaitTheLongestReadableValue() {
        HttpHeaders headers = new HttpHeaders();
        headers.add(HttpHeaders.RETRY_AFTER, "3");
        headers.add(HttpHeaders.RETRY_AFTER, "garbage");
        headers.add(HttpHeaders.RETRY_AFTER, "Fri, 04 Dec 2026 18:00:10 GMT");
        assertThat(RetryAfter.of(headers, clock.instant())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void headersWithoutAReadableValueHaveNoWait() {
        HttpHeaders headers = new HttpHeaders();
        assertThat(RetryAfter.of(headers, clock.instant())).isNull();
        headers.add("retry-after", "-1");
        assertThat(RetryAfter.of(headers, clock.instant())).isNull();
        assertThat(RetryAfter.of(null, clock.instant())).isNull();
    }

    @Test
    void theHeaderNameIsCaseInsensitive() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("retry-after", "4");
        assertThat(RetryAfter.of(headers, clock.instant())).isEqualTo(Duration.ofSeconds(4));
    }
}
