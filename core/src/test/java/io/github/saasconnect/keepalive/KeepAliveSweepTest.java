package io.github.saasconnect.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.client.ApiFixture;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.event.ConnectionRefreshedEvent;
import io.github.saasconnect.event.RefreshTokenExpiringEvent;
import io.github.saasconnect.failure.ReauthorizationRequiredException;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.InMemoryJobClaims;
import io.github.saasconnect.store.JobClaims;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The keep-alive sweep against the Microsoft (90 days idle) and GitHub (fixed expiry) sandboxes, clock moved by hand. */
class KeepAliveSweepTest {

    private static final Duration VERIFY = Duration.ofSeconds(30);

    private static KeepAliveSweep sweep(ApiFixture<?> fixture, TokenManager tokens) {
        return new KeepAliveSweep(
                fixture.store,
                tokens,
                new ProviderRegistry(List.of(fixture.registration)),
                fixture.events::add,
                fixture.clock,
                KeepAliveSettings.defaults(),
                ObservationRegistry.NOOP);
    }

    @Test
    void microsoftConnectionsAreRefreshedBeforeTheirNinetyDayIdleLimitAndStayAlivePastIt() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            List<ConnectionId> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(microsoft.connect("user" + i));
            }
            SeededConnection unswept = microsoft.sandbox.connect(microsoft.sandbox.user("unswept"));
            KeepAliveSweep sweep = sweep(microsoft, microsoft.tokens());

            microsoft.clock.advance(Duration.ofDays(80));
            KeepAliveReport first = sweep.sweep().block(VERIFY);
            microsoft.clock.advance(Duration.ofDays(80));
            KeepAliveReport second = sweep.sweep().block(VERIFY);

            assertThat(first).isEqualTo(new KeepAliveReport(20, 20, 0, 0, 0));
            assertThat(second).isEqualTo(new KeepAliveReport(20, 20, 0, 0, 0));
            assertThat(microsoft.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(40);
            assertThat(ids)
                    .allSatisfy(id -> assertThat(microsoft.stored(id).lastRefreshedAt())
                            .isEqualTo(ApiFixture.START.plus(Duration.ofDays(160))));
            assertThat(microsoft.events)
                    .filteredOn(ConnectionRefreshedEvent.class::isInstance)
                    .hasSize(40);
            OAuth2TokenClient direct =
                    new OAuth2TokenClient(JdkWebClients.builder().build(), microsoft.clock, VERIFY);
            assertThatThrownBy(() -> direct.refresh(
                                    microsoft.registration,
                                    ConnectionId.of("microsoft", "unswept"),
                                    Secret.of(unswept.refreshToken()))
                            .block(VERIFY))
                    .as("a refresh token left idle for 160 days is dead at the sandbox")
                    .isInstanceOf(ReauthorizationRequiredException.class);
        }
    }

    @Test
    void connectionsUsedRecentlyEnoughAreLeftAlone() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            for (int i = 0; i < 5; i++) {
                microsoft.connect("user" + i);
            }
            microsoft.clock.advance(Duration.ofDays(75));

            KeepAliveReport report =
                    sweep(microsoft, microsoft.tokens()).sweep().block(VERIFY);

            assertThat(report).isEqualTo(new KeepAliveReport(5, 0, 0, 0, 0));
            assertThat(microsoft.sandbox.requestCount(Endpoint.TOKEN)).isZero();
        }
    }

    @Test
    void instancesSweepingTogetherRefreshEachConnectionOnce() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            for (int i = 0; i < 30; i++) {
                microsoft.connect("user" + i);
            }
            microsoft.sandbox.latency(Duration.ofMillis(20));
            KeepAliveSweep a = sweep(microsoft, microsoft.newTokenManager("instance-a"));
            KeepAliveSweep b = sweep(microsoft, microsoft.newTokenManager("instance-b"));
            KeepAliveSweep c = sweep(microsoft, microsoft.newTokenManager("instance-c"));
            microsoft.clock.advance(Duration.ofDays(80));

            Mono.when(a.sweep(), b.sweep(), c.sweep()).block(VERIFY);

            assertThat(microsoft.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(30);
        }
    }

    @Test
    void instancesSweepingWithJobClaimsEachRefreshOnlyTheConnectionsTheyClaimed() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            for (int i = 0; i < 40; i++) {
                microsoft.connect("user" + i);
            }
            microsoft.sandbox.latency(Duration.ofMillis(5));
            JobClaims claims = new InMemoryJobClaims();
            List<KeepAliveSweep> instances = new ArrayList<>();
            for (String instance : List.of("instance-a", "instance-b", "instance-c", "instance-d")) {
                instances.add(new KeepAliveSweep(
                        microsoft.store,
                        microsoft.newTokenManager(instance),
                        new ProviderRegistry(List.of(microsoft.registration)),
                        microsoft.events::add,
                        microsoft.clock,
                        KeepAliveSettings.defaults(),
                        ObservationRegistry.NOOP,
                        claims,
                        instance));
            }
            microsoft.clock.advance(Duration.ofDays(80));

            List<KeepAliveReport> reports = Flux.fromIterable(instances)
                    .flatMap(KeepAliveSweep::sweep)
                    .collectList()
                    .block(VERIFY);

            // one token request per due connection: no instance refreshed what another had claimed, and no rotated-away
            // refresh token was presented (the sandbox would have answered invalid_grant: reauthorization)
            assertThat(microsoft.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(40);
            assertThat(reports).allSatisfy(report -> {
                assertThat(report.examined()).isEqualTo(40);
                // a connection another instance refreshed before this one read its page is no longer due here
                assertThat(report.refreshed() + report.claimedByOthers()).isLessThanOrEqualTo(40);
                assertThat(report.reauthorizationRequired()).isZero();
                assertThat(report.failed()).isZero();
            });
            assertThat(reports.stream().mapToInt(KeepAliveReport::refreshed).sum())
                    .isEqualTo(40);

            // a sweep later in the same period finds nothing due: refreshed connections are no longer idle
            KeepAliveReport later = instances.get(0).sweep().block(VERIFY);
            assertThat(later.refreshed()).isZero();
            assertThat(microsoft.sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(40);
        }
    }

    @Test
    void gitHubConnectionsNearTheirFixedRefreshTokenExpiryProduceTheExpiringEventOnce() {
        try (ApiFixture<GitHubSandbox> github = ApiFixture.github()) {
            List<ConnectionId> early = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                early.add(github.connect("early" + i));
            }
            github.clock.advance(Duration.ofDays(100));
            for (int i = 0; i < 5; i++) {
                github.connect("late" + i);
            }
            Instant earlyExpiry = ApiFixture.START.plus(GitHubSandbox.DOCUMENTED_REFRESH_TOKEN_LIFETIME);
            KeepAliveSweep sweep = sweep(github, github.tokens());

            github.clock.set(earlyExpiry.minus(Duration.ofDays(9)));
            KeepAliveReport first = sweep.sweep().block(VERIFY);
            github.clock.advance(Duration.ofDays(1));
            KeepAliveReport second = sweep.sweep().block(VERIFY);

            assertThat(first).isEqualTo(new KeepAliveReport(10, 0, 5, 0, 0));
            assertThat(second).isEqualTo(new KeepAliveReport(10, 0, 0, 0, 0));
            assertThat(github.events)
                    .filteredOn(RefreshTokenExpiringEvent.class::isInstance)
                    .map(RefreshTokenExpiringEvent.class::cast)
                    .allSatisfy(e -> assertThat(e.expiresAt()).isEqualTo(earlyExpiry))
                    .extracting(RefreshTokenExpiringEvent::connection)
                    .containsExactlyInAnyOrderElementsOf(early);
            assertThat(github.sandbox.requestCount(Endpoint.TOKEN)).isZero();
        }
    }

    @Test
    void theIdleThresholdKeepsTheMarginButNeverWaitsPastHalfTheLimit() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            KeepAliveSweep sweep = sweep(microsoft, microsoft.tokens());

            assertThat(sweep.refreshAfter(Duration.ofDays(90))).isEqualTo(Duration.ofDays(76));
            assertThat(sweep.refreshAfter(Duration.ofDays(20))).isEqualTo(Duration.ofDays(10));
        }
    }
}
