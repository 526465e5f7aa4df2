package io.github.saasconnect.provider.docusign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connect.ConnectSettings;
import io.github.saasconnect.connect.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.connect.ReturnToPolicy;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.event.RefreshTokenExpiringEvent;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.keepalive.KeepAliveReport;
import io.github.saasconnect.keepalive.KeepAliveSettings;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.testing.SandboxFlow;
import io.github.saasconnect.provider.testing.Settings;
import io.github.saasconnect.provider.testing.TokenManagers;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private final DocuSignSandbox docusign = DocuSignSandbox.start(SandboxOptions.defaults().withClock(flow.clock));
    private final ProviderRegistration registration = new DocuSignProviderType().register(Settings.of("docusign")
            .id("ds").client(docusign.client().clientId(), docusign.client().clientSecret())
            .redirectUri(SandboxFlow.REDIRECT_URI).scopes("signature").option("extended-scope", "false")
            .option("oauth-base-url", docusign.baseUrl().toString()).build());
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final TokenManagers.Events events = new TokenManagers.Events();
    private final TokenManager tokens = TokenManagers.manager(store, flow.client, registration, flow.clock, events,
            "instance-1");
    private final ConnectFlow connect = new ConnectFlow(new ProviderRegistry(List.of(registration)), store,
            new InMemoryPendingAuthorizationStore(flow.clock), flow.client, tokens, events::add, flow.clock,
            new ConnectSettings(Duration.ofMinutes(10), new ReturnToPolicy(List.of("https://app.example"), "/"), 5));
    private final KeepAliveSweep sweep = new KeepAliveSweep(store, tokens, new ProviderRegistry(List.of(registration)),
            events::add, flow.clock, KeepAliveSettings.defaults());

    @AfterEach
    void stop() {
        docusign.close();
    }

    @Test
    void theEndThirtyDaysAfterConsentIsRecordedKeptThroughRefreshesAndAnnouncedBeforeItComes() {
        Instant consent = flow.clock.instant();
        ConnectionId alice = connect("alice");
        Instant end = consent.plus(Duration.ofDays(30));
        ConnectionRecord connected = store.read(alice).block(VERIFY).record();

        flow.clock.advance(Duration.ofDays(10));
        tokens.accessToken(alice).block(VERIFY);
        ConnectionRecord refreshed = store.read(alice).block(VERIFY).record();
        flow.clock.advance(Duration.ofDays(5));
        KeepAliveReport day15 = sweep.sweep().block(VERIFY);
        flow.clock.advance(Duration.ofDays(2));
        KeepAliveReport day17 = sweep.sweep().block(VERIFY);
        flow.clock.set(end.plus(Duration.ofHours(1)));

        assertThat(connected.refreshTokenExpiresAt()).isEqualTo(end);
        assertThat(refreshed.refreshToken()).as("DocuSign rotated it").isNotEqualTo(connected.refreshToken());
        assertThat(refreshed.refreshTokenExpiresAt()).as("a refresh does not move the end").isEqualTo(end);
        assertThat(day15.expiringWarned()).as("16 days left: beyond the 14-day warning").isZero();
        assertThat(day17.expiringWarned()).isEqualTo(1);
        assertThat(events).filteredOn(RefreshTokenExpiringEvent.class::isInstance)
                .map(RefreshTokenExpiringEvent.class::cast)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.connection()).isEqualTo(alice);
                    assertThat(e.expiresAt()).isEqualTo(end);
                });
        assertThatThrownBy(() -> tokens.accessToken(alice).block(VERIFY))
                .as("the sandbox, like DocuSign, ends the grant on that day")
                .isInstanceOf(ReauthorizationRequiredException.class);
    }

    @Test
    void connectingAgainStartsANewThirtyDays() {
        ConnectionId alice = connect("alice");
        flow.clock.advance(Duration.ofDays(20));

        connect("alice");

        assertThat(store.read(alice).block(VERIFY).record().refreshTokenExpiresAt())
                .isEqualTo(flow.clock.instant().plus(Duration.ofDays(30)));
    }

    private ConnectionId connect(String owner) {
        ConnectRedirect redirect = connect.start("ds", owner, null).block(VERIFY);
        AuthorizationRedirect approved = flow.browse(redirect.location());
        connect.complete("ds", owner, AuthorizationCallback.ofCode(approved.state(), approved.code())).block(VERIFY);
        return redirect.connection();
    }
}
