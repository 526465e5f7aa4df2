package io.github.saasconnect.provider.docusign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.event.RefreshTokenExpiringEvent;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.keepalive.KeepAliveReport;
import io.github.saasconnect.provider.testing.ConnectedStack;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DocuSign without the {@code extended} scope: every refresh token keeps the expiry of the first login, so a
 * connection ends 30 days after the user consented. The starter records that end at connect time, keeps it through
 * refreshes, and the keep-alive sweep warns before it. Connect flow, token manager and sweep over real HTTP to the
 * DocuSign sandbox, which enforces the 30 days.
 */
class DocuSignWithoutExtendedTest {

    private static final Duration VERIFY = Duration.ofSeconds(30);

    private final SandboxFlow flow = new SandboxFlow();
    private final DocuSignSandbox docusign =
            DocuSignSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final ConnectedStack stack = new ConnectedStack(
            flow,
            new DocuSignProviderType()
                    .register(Settings.of("docusign")
                            .id("ds")
                            .client(
                                    docusign.client().clientId(),
                                    docusign.client().clientSecret())
                            .scopes("signature")
                            .option("extended-scope", "false")
                            .option("oauth-base-url", docusign.baseUrl().toString())
                            .build()));

    @AfterEach
    void stop() {
        docusign.close();
    }

    @Test
    void theEndThirtyDaysAfterConsentIsRecordedKeptThroughRefreshesAndAnnouncedBeforeItComes() {
        Instant consent = flow.clock.instant();
        ConnectionId alice = stack.connect("alice");
        Instant end = consent.plus(Duration.ofDays(30));
        ConnectionRecord connected = stack.stored(alice);

        flow.clock.advance(Duration.ofDays(10));
        stack.tokens.accessToken(alice).block(VERIFY);
        ConnectionRecord refreshed = stack.stored(alice);
        flow.clock.advance(Duration.ofDays(5));
        KeepAliveReport day15 = stack.sweep.sweep().block(VERIFY);
        flow.clock.advance(Duration.ofDays(2));
        KeepAliveReport day17 = stack.sweep.sweep().block(VERIFY);
        flow.clock.set(end.plus(Duration.ofHours(1)));

        assertThat(connected.refreshTokenExpiresAt()).isEqualTo(end);
        assertThat(refreshed.refreshToken()).as("DocuSign rotated it").isNotEqualTo(connected.refreshToken());
        assertThat(refreshed.refreshTokenExpiresAt())
                .as("a refresh does not move the end")
                .isEqualTo(end);
        assertThat(day15.expiringWarned())
                .as("16 days left: beyond the 14-day warning")
                .isZero();
        assertThat(day17.expiringWarned()).isEqualTo(1);
        assertThat(stack.events)
                .filteredOn(RefreshTokenExpiringEvent.class::isInstance)
                .map(RefreshTokenExpiringEvent.class::cast)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.connection()).isEqualTo(alice);
                    assertThat(e.expiresAt()).isEqualTo(end);
                });
        assertThatThrownBy(() -> stack.tokens.accessToken(alice).block(VERIFY))
                .as("the sandbox, like DocuSign, ends the grant on that day")
                .isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void connectingAgainStartsANewThirtyDays() {
        ConnectionId alice = stack.connect("alice");
        flow.clock.advance(Duration.ofDays(20));

        stack.connect("alice");

        assertThat(stack.stored(alice).refreshTokenExpiresAt())
                .isEqualTo(flow.clock.instant().plus(Duration.ofDays(30)));
    }
}
