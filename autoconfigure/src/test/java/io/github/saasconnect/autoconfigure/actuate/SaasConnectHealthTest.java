package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.connection.ConnectionCensus;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.StoreUnavailableException;
import io.github.saasconnect.observation.HealthSignals;
import io.github.saasconnect.observation.KeepAliveSweepContext;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.file.FileStoreKey;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.token.TokenManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code saasConnect} health against a GitHub sandbox: the store (memory, file), each registration with
 * its breaker, registrations whose client the provider rejects (DOWN, named), and the connection census.
 */
class SaasConnectHealthTest {

    private static final String SECRET = "observe-client-secret-value";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final GitHubSandbox github =
            GitHubSandbox.start(SandboxOptions.defaults().withClient("Iv1.observe", SECRET));

    @AfterEach
    void stop() {
        github.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        SaasConnectHealthContributorAutoConfiguration.class,
                        HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class,
                        EndpointAutoConfiguration.class,
                        ObservationAutoConfiguration.class))
                .withPropertyValues("saas-connect.store.type=memory", "management.endpoint.health.show-details=always")
                .withPropertyValues(registration("github", SECRET))
                .withPropertyValues(registration("github-stale", "a-secret-the-provider-no-longer-takes"));
    }

    private String[] registration(String id, String secret) {
        String p = "saas-connect.providers." + id + ".";
        return new String[] {
            p + "type=github",
            p + "client-id=Iv1.observe",
            p + "client-secret=" + secret,
            p + "web-base-url=" + github.webBaseUrl(),
            p + "api-base-url=" + github.apiBaseUrl()
        };
    }

    @Test
    void withAReadableStoreAndAcceptedClientsEverythingIsUpAndEachBreakerIsShown() {
        runner().run(ctx -> {
            JsonNode health = health(ctx);

            assertThat(health.at("/status").asString()).isEqualTo("UP");
            assertThat(health.at("/components/store/status").asString()).isEqualTo("UP");
            assertThat(health.at("/components/store/details/store").asString()).isEqualTo("memory");
            assertThat(health.at("/components/registrations/components/github/details/type")
                            .asString())
                    .isEqualTo("github");
            assertThat(health.at("/components/registrations/components/github/details/circuitBreaker")
                            .asString())
                    .isEqualTo("CLOSED");
            assertThat(health.at("/components/registrations/components/github/details/apiCircuitBreaker")
                            .asString())
                    .isEqualTo("CLOSED");
            assertThat(health.at("/components/connections").isMissingNode()).isTrue();
        });
    }

    @Test
    void aRegistrationWhoseClientTheProviderRejectsIsDownByName() {
        runner().run(ctx -> {
            // Given a connection of the registration whose secret the provider no longer takes
            ConnectionId id = seedExpired(ctx, "github-stale", "alice");

            // When a refresh meets incorrect_client_credentials
            assertThatThrownBy(() ->
                            ctx.getBean(TokenManager.class).accessToken(id).block(Duration.ofSeconds(10)))
                    .isInstanceOf(ClientMisconfiguredException.class);

            // Then saasConnect is DOWN, and only that registration is
            JsonNode health = health(ctx);
            assertThat(health.at("/status").asString()).isEqualTo("DOWN");
            JsonNode stale = health.at("/components/registrations/components/github-stale");
            assertThat(stale.at("/status").asString()).isEqualTo("DOWN");
            assertThat(stale.at("/details/kind").asString()).isEqualTo("client_misconfigured");
            assertThat(stale.at("/details/error").asString()).isEqualTo("incorrect_client_credentials");
            assertThat(stale.at("/details/action").asString()).contains("saas-connect.providers.github-stale");
            assertThat(health.at("/components/registrations/components/github/status")
                            .asString())
                    .isEqualTo("UP");
        });
    }

    @Test
    void anOpenBreakerIsShownAndLeavesTheRegistrationUp() {
        runner().run(ctx -> {
            // Given
            ctx.getBean(RefreshResilience.class).breaker("github").transitionToOpenState();

            // When
            JsonNode github = health(ctx).at("/components/registrations/components/github");

            // Then
            assertThat(github.at("/status").asString()).isEqualTo("UP");
            assertThat(github.at("/details/circuitBreaker").asString()).isEqualTo("OPEN");
            assertThat(github.at("/details/apiCircuitBreaker").asString()).isEqualTo("CLOSED");
        });
    }

    @Test
    void anOpenApiBreakerIsShownApartFromTheTokenEndpointsAndLeavesTheRegistrationUp() {
        runner().run(ctx -> {
            // Given
            ctx.getBean(RefreshResilience.class).apiBreaker("github").transitionToOpenState();

            // When
            JsonNode github = health(ctx).at("/components/registrations/components/github");

            // Then
            assertThat(github.at("/status").asString()).isEqualTo("UP");
            assertThat(github.at("/details/apiCircuitBreaker").asString()).isEqualTo("OPEN");
            assertThat(github.at("/details/circuitBreaker").asString()).isEqualTo("CLOSED");
        });
    }

    @Test
    void aStoreThatCannotBeReadIsDownWithTheKindOfFailureOnly() {
        TokenStore refusing = new RefusingStore();
        runner().withBean(TokenStore.class, () -> refusing).run(ctx -> {
            JsonNode store = health(ctx).at("/components/store");

            assertThat(store.at("/status").asString()).isEqualTo("DOWN");
            assertThat(store.at("/details/reachable").asBoolean()).isFalse();
            assertThat(store.at("/details/error").asString()).isEqualTo("StoreUnavailableException");
            assertThat(store.toString()).doesNotContain("10.0.0.7").doesNotContain("permission denied");
        });
    }

    @Test
    void aStoreThatDoesNotAnswerIsDownOnceTheProbeTimesOut() {
        // Given a store whose reads never complete
        TokenStore hanging = new RefusingStore() {
            @Override
            public Mono<VersionedRecord> read(ConnectionId id) {
                return Mono.never();
            }
        };

        // When
        Health health = new TokenStoreHealthIndicator(hanging, List.of(), Duration.ofMillis(50)).health();

        // Then
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", "no answer within PT0.05S");
    }

    @Test
    void theFileStoreIsUpWithAWritableDirectoryAndDownWhenTheDirectoryIsGone() {
        Path tokens = dir.resolve("tokens");
        runner().withPropertyValues(
                        "saas-connect.store.type=file",
                        "saas-connect.store.file.directory=" + tokens,
                        "saas-connect.store.health-cache-ttl=0s")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(FileTokenStore.class);
                    JsonNode store = health(ctx).at("/components/store");
                    assertThat(store.at("/status").asString()).isEqualTo("UP");
                    assertThat(store.at("/details/writable").asBoolean()).isTrue();
                    assertThat(store.at("/details/recordsUnderAnotherKey").asInt())
                            .isZero();
                    assertThat(store.toString()).doesNotContain(tokens.toString());

                    deleteRecursively(tokens);

                    store = health(ctx).at("/components/store");
                    assertThat(store.at("/status").asString()).isEqualTo("DOWN");
                    assertThat(store.at("/details/writable").asBoolean()).isFalse();
                });
    }

    @Test
    void theFileStoreIsDownWhileItsRecordsWereEncryptedWithAnotherKeyAndShowsNoPath() throws Exception {
        Path tokens = dir.resolve("tokens");
        FileTokenStore before = FileTokenStore.open(tokens, FileStoreKey.fromBase64(randomKey()));
        for (String owner : List.of("alice", "bob")) {
            ExpiringConnection.store(before, ConnectionId.of("github", owner), github.connect(github.user(owner)));
        }
        before.close();

        runner().withPropertyValues(
                        "saas-connect.store.type=file",
                        "saas-connect.store.file.directory=" + tokens,
                        "saas-connect.store.file.key=" + randomKey())
                .run(ctx -> {
                    JsonNode store = health(ctx).at("/components/store");
                    assertThat(store.at("/status").asString()).isEqualTo("DOWN");
                    assertThat(store.at("/details/recordsUnderAnotherKey").asInt())
                            .isEqualTo(2);
                    assertThat(store.at("/details/writable").asBoolean()).isTrue();
                    assertThat(store.toString()).doesNotContain(tokens.toString());
                });
    }

    @Test
    void theStoreIsProbedAtMostOncePerCachePeriodHoweverOftenHealthIsAsked() {
        TokenStore counting = org.mockito.Mockito.spy(new io.github.saasconnect.store.InMemoryTokenStore());
        io.github.saasconnect.testkit.MutableClock clock = io.github.saasconnect.testkit.MutableClock.startingNow();
        runner().withBean(TokenStore.class, () -> counting)
                .withBean(java.time.Clock.class, () -> clock)
                .withPropertyValues("saas-connect.store.health-cache-ttl=10s")
                .run(ctx -> {
                    for (int i = 0; i < 5; i++) {
                        assertThat(health(ctx).at("/components/store/status").asString())
                                .isEqualTo("UP");
                    }
                    org.mockito.Mockito.verify(counting, org.mockito.Mockito.times(1))
                            .read(org.mockito.ArgumentMatchers.any());

                    clock.advance(Duration.ofSeconds(9));
                    health(ctx);
                    org.mockito.Mockito.verify(counting, org.mockito.Mockito.times(1))
                            .read(org.mockito.ArgumentMatchers.any());

                    clock.advance(Duration.ofSeconds(1));
                    health(ctx);
                    org.mockito.Mockito.verify(counting, org.mockito.Mockito.times(2))
                            .read(org.mockito.ArgumentMatchers.any());
                });
    }

    private static String randomKey() {
        byte[] key = new byte[FileStoreKey.LENGTH];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    @Test
    void connectionCountsAppearOnceASweepReportedACensus() {
        runner().run(ctx -> {
            // Given
            Instant at = Instant.parse("2026-11-25T10:00:00Z");
            KeepAliveSweepContext sweep = new KeepAliveSweepContext("github", "github");
            sweep.census(new ConnectionCensus(
                    "github",
                    at,
                    Map.of(ConnectionStatus.ACTIVE, 118L, ConnectionStatus.REAUTHORIZATION_REQUIRED, 2L)));
            ctx.getBean(HealthSignals.class).onStop(sweep);

            // When
            JsonNode connections = health(ctx).at("/components/connections");

            // Then
            assertThat(connections.at("/status").asString()).isEqualTo("UP");
            assertThat(connections.at("/details/github/ACTIVE").asLong()).isEqualTo(118);
            assertThat(connections
                            .at("/details/github/REAUTHORIZATION_REQUIRED")
                            .asLong())
                    .isEqualTo(2);
            assertThat(connections.at("/details/github/REVOKED").asLong()).isZero();
            assertThat(connections.at("/details/github/countedAt").asString()).isEqualTo(at.toString());
        });
    }

    private static JsonNode health(AssertableApplicationContext ctx) {
        assertThat(ctx).hasNotFailed();
        return JSON.valueToTree(ctx.getBean(HealthEndpoint.class).healthForPath("saasConnect"));
    }

    private ConnectionId seedExpired(AssertableApplicationContext ctx, String registration, String login) {
        SeededConnection seeded = github.connect(github.user(login));
        ConnectionId id = ConnectionId.of(registration, login);
        return ExpiringConnection.store(ctx.getBean(TokenStore.class), id, seeded);
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A store whose backend refuses every call, with a message that must not reach the health output. */
    private static class RefusingStore implements TokenStore {

        @Override
        public Mono<VersionedRecord> read(ConnectionId id) {
            return Mono.error(refused(id));
        }

        @Override
        public Mono<Long> write(ConnectionRecord record, long expectedVersion) {
            return Mono.error(refused(record.id()));
        }

        @Override
        public Mono<Void> delete(ConnectionId id) {
            return Mono.error(refused(id));
        }

        @Override
        public Mono<ConnectionPage> list(String registration, String cursor, int pageSize) {
            return Mono.error(refused(null));
        }

        @Override
        public String name() {
            return "remote";
        }

        private static StoreUnavailableException refused(ConnectionId id) {
            return new StoreUnavailableException("remote", id, "10.0.0.7 said permission denied", null);
        }
    }
}
