package io.github.saasconnect.provider.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.event.RefreshTokenExpiringEvent;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.keepalive.KeepAliveReport;
import io.github.saasconnect.provider.testing.ConnectedStack;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.google.GooglePublishingStatus;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Google project whose consent screen is in Testing: refresh tokens end 7 days after consent. With
 * {@code publishing-status: testing} the connection records that end and the keep-alive sweep warns at once (7 days
 * is inside the 14-day warning). Real HTTP to the Google sandbox, which enforces the 7 days.
 */
class GoogleTestingConsentScreenTest {

    private static final Duration VERIFY = Duration.ofSeconds(30);

    private final SandboxFlow flow = new SandboxFlow();
    private final GoogleSandbox google =
            GoogleSandbox.start(SandboxOptions.defaults().withClock(flow.clock));

    @AfterEach
    void stop() {
        google.close();
    }

    @Test
    void aTestingConnectionRecordsItsSevenDaysIsAnnouncedAndEndsOnTime() {
        google.publishingStatus(GooglePublishingStatus.TESTING);
        ConnectedStack stack = stack("https://www.googleapis.com/auth/drive.readonly");
        Instant consent = flow.clock.instant();
        ConnectionId alice = stack.connect("alice");

        KeepAliveReport firstSweep = stack.sweep.sweep().block(VERIFY);
        flow.clock.advance(Duration.ofDays(3));
        stack.tokens.accessToken(alice).block(VERIFY);
        Instant afterRefresh = stack.stored(alice).refreshTokenExpiresAt();
        flow.clock.set(consent.plus(Duration.ofDays(7)).plusSeconds(60));

        assertThat(firstSweep.expiringWarned()).isEqualTo(1);
        assertThat(stack.events)
                .filteredOn(RefreshTokenExpiringEvent.class::isInstance)
                .map(RefreshTokenExpiringEvent.class::cast)
                .singleElement()
                .satisfies(e -> assertThat(e.expiresAt()).isEqualTo(consent.plus(Duration.ofDays(7))));
        assertThat(afterRefresh).as("a refresh does not move the end").isEqualTo(consent.plus(Duration.ofDays(7)));
        assertThatThrownBy(() -> stack.tokens.accessToken(alice).block(VERIFY))
                .isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void signInScopesAloneAreNotLimitedSoNoEndIsRecorded() {
        google.publishingStatus(GooglePublishingStatus.TESTING);
        ConnectedStack stack = stack("email", "profile");
        ConnectionId alice = stack.connect("alice");

        flow.clock.advance(Duration.ofDays(8));

        assertThat(stack.stored(alice).refreshTokenExpiresAt()).isNull();
        assertThat(stack.tokens.accessToken(alice).block(VERIFY))
                .as("the sandbox does not end it either")
                .isNotNull();
    }

    private ConnectedStack stack(String... scopes) {
        return new ConnectedStack(
                flow,
                new GoogleProviderType()
                        .register(Settings.of("google")
                                .id("g")
                                .client(
                                        google.client().clientId(),
                                        google.client().clientSecret())
                                .authorizationUri(google.authorizationEndpoint())
                                .tokenUri(google.tokenEndpoint())
                                .scopes(scopes)
                                .option("publishing-status", "testing")
                                .option("issuer", google.issuer())
                                .build()));
    }
}
