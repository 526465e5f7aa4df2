package io.github.saasconnect.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.RateLimitedException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.http.internal.HttpStatusFailures;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpStatusFailuresTest {

    @Test
    void statusesMapOntoTheTaxonomy() {
        assertThat(HttpStatusFailures.kind(200)).isNull();
        assertThat(HttpStatusFailures.kind(304)).isNull();
        assertThat(HttpStatusFailures.kind(429)).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(HttpStatusFailures.kind(408)).isEqualTo(FailureKind.TRANSIENT);
        assertThat(HttpStatusFailures.kind(500)).isEqualTo(FailureKind.TRANSIENT);
        assertThat(HttpStatusFailures.kind(503)).isEqualTo(FailureKind.TRANSIENT);
        assertThat(HttpStatusFailures.kind(400)).isEqualTo(FailureKind.CLIENT_MISCONFIGURED);
        assertThat(HttpStatusFailures.kind(404)).isEqualTo(FailureKind.CLIENT_MISCONFIGURED);
    }

    @Test
    void failuresCarryTheWaitTheStatusAndTheFix() {
        assertThat(HttpStatusFailures.failure("acme", null, 429, Duration.ofSeconds(3), "HTTP 429", "n/a"))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3)));
        assertThat(HttpStatusFailures.failure("acme", null, 502, null, "HTTP 502", "n/a"))
                .isInstanceOf(TransientFailureException.class);
        assertThat(HttpStatusFailures.failure("acme", null, 200, null, "an empty body", "n/a"))
                .isInstanceOf(TransientFailureException.class);
        assertThat(HttpStatusFailures.failure("acme", null, 404, null, "HTTP 404", "is the URL right?"))
                .isInstanceOf(ClientMisconfiguredException.class)
                .hasMessageContaining("is the URL right?")
                .extracting(e -> ((ClientMisconfiguredException) e).errorCode())
                .isEqualTo("http_404");
    }
}
