package io.github.saasconnect.autoconfigure.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.store.file.FileStoreKey;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, at process level: a real application in a child JVM refreshes a connection on a thread of its own
 * against a strictly rotating provider (GitHub) whose token endpoint is slow, and receives SIGTERM while the
 * provider has already rotated the refresh token and the answer is still on its way.
 */
class GracefulShutdownProcessTest {

    private static final String REGISTRATION = "github";
    private static final ConnectionId ALICE = ConnectionId.of(REGISTRATION, "alice");
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private final GitHubSandbox github = GitHubSandbox.start();
    private final String key = randomKey();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stop() {
        children.forEach(Process::destroyForcibly);
        github.close();
    }

    @Test
    void refreshInFlightAtSigtermLandsAndTheRestartedProcessRefreshesWithTheRotatedToken() throws Exception {
        // Given a stored connection whose access token has expired, and a token endpoint that answers after 3 s
        SeededConnection seeded = github.connect(github.user("alice"));
        seed(seeded);
        github.faults().nextTokenResponse(Fault.slowResponse(Duration.ofSeconds(3)));

        // When the application refreshes on its own thread and gets SIGTERM once GitHub has rotated the token
        Process first = start("stay", "first.log");
        assertThat(github.requests().await(Endpoint.TOKEN, 1, CHILD_TIMEOUT))
                .as("refresh reached GitHub")
                .isTrue();
        first.destroy();
        assertThat(first.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("first process exited")
                .isTrue();

        // Then the rotated tokens were stored before the process exited, and no lease was left
        assertThat(output("first.log")).contains("TOKEN OK");
        ConnectionRecord afterShutdown = stored();
        assertThat(afterShutdown.refreshToken().reveal()).isNotEqualTo(seeded.refreshToken());
        assertThat(afterShutdown.lease()).isNull();

        // When a new process on the same store needs a refresh (the access token expired meanwhile)
        rewrite(record -> expired(record));
        Process second = start("exit", "second.log");
        assertThat(second.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("second process exited")
                .isTrue();

        // Then it succeeds with the rotated refresh token: GitHub never saw a superseded one
        assertThat(output("second.log")).contains("TOKEN OK");
        assertThat(presentedRefreshTokens())
                .containsExactly(
                        seeded.refreshToken(), afterShutdown.refreshToken().reveal());
        ConnectionRecord afterRestart = stored();
        assertThat(afterRestart.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(afterRestart.refreshToken().sameAs(afterShutdown.refreshToken()))
                .isFalse();
        assertThat(github.isAccessTokenValid(afterRestart.accessToken().reveal()))
                .isTrue();
        assertThat(afterRestart.lease()).isNull();
    }

    @Test
    void gracePeriodRunningOutAtSigtermIsLoggedWithCounts() throws Exception {
        // Given a token endpoint far slower than the shutdown grace period
        SeededConnection seeded = github.connect(github.user("alice"));
        seed(seeded);
        github.faults().nextTokenResponse(Fault.slowResponse(Duration.ofMinutes(2)));

        // When the application gets SIGTERM while its refresh waits for GitHub
        Process child = start("stay", "child.log", "--saas-connect.token.shutdown-grace-period=200ms");
        assertThat(github.requests().await(Endpoint.TOKEN, 1, CHILD_TIMEOUT))
                .as("refresh reached GitHub")
                .isTrue();
        child.destroy();
        assertThat(child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("process exited")
                .isTrue();

        // Then it says, at WARN, what it left behind, and no token
        String output = output("child.log");
        assertThat(output.lines().filter(line -> line.contains("grace period")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("WARN", "200 ms", "1 refresh(es) still in flight", "0 refreshed token set(s)");
        assertThat(output).doesNotContain(seeded.refreshToken(), seeded.accessToken(), "TOKEN OK");
    }

    private Process start(String mode, String log, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                RefreshOnAppThreadApplication.class.getName(),
                mode,
                REGISTRATION,
                ALICE.owner(),
                "--spring.main.banner-mode=off",
                "--saas-connect.store.file.directory=" + tmp.resolve("tokens"),
                "--saas-connect.store.file.key=" + key,
                "--saas-connect.providers.github.type=github",
                "--saas-connect.providers.github.client-id=" + github.client().clientId(),
                "--saas-connect.providers.github.client-secret="
                        + github.client().clientSecret(),
                "--saas-connect.providers.github.web-base-url=" + github.webBaseUrl(),
                "--saas-connect.providers.github.api-base-url=" + github.apiBaseUrl()));
        command.addAll(Arrays.asList(extra));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve(log).toFile())
                .start();
        children.add(child);
        return child;
    }

    private String output(String log) throws IOException {
        return Files.readString(tmp.resolve(log));
    }

    /** The refresh tokens GitHub was presented, in order. */
    private List<String> presentedRefreshTokens() {
        return github.requests().of(Endpoint.TOKEN).stream()
                .map(RecordedRequest::body)
                .map(GracefulShutdownProcessTest::form)
                .map(form -> form.get("refresh_token"))
                .toList();
    }

    private void seed(SeededConnection seeded) {
        Instant now = Instant.now();
        ConnectionRecord record = new ConnectionRecord(
                ConnectionRecord.CURRENT_SCHEMA,
                ALICE,
                ConnectionStatus.ACTIVE,
                Secret.of(seeded.refreshToken()),
                now.plus(Duration.ofDays(180)),
                Secret.of(seeded.accessToken()),
                now.minusSeconds(10),
                "bearer",
                seeded.scopes(),
                Map.of(),
                now.minus(Duration.ofHours(9)),
                now.minus(Duration.ofHours(8)),
                null,
                null,
                "g1");
        try (FileTokenStore store = openStore()) {
            store.write(record, 0).block();
        }
    }

    private void rewrite(UnaryOperator<ConnectionRecord> change) {
        try (FileTokenStore store = openStore()) {
            VersionedRecord current = store.read(ALICE).block();
            store.write(change.apply(current.record()), current.version()).block();
        }
    }

    private ConnectionRecord stored() {
        try (FileTokenStore store = openStore()) {
            return store.read(ALICE).block().record();
        }
    }

    private FileTokenStore openStore() {
        return FileTokenStore.open(tmp.resolve("tokens"), FileStoreKey.fromBase64(key));
    }

    private static ConnectionRecord expired(ConnectionRecord r) {
        return new ConnectionRecord(
                r.schema(),
                r.id(),
                r.status(),
                r.refreshToken(),
                r.refreshTokenExpiresAt(),
                r.accessToken(),
                Instant.now().minusSeconds(10),
                r.tokenType(),
                r.scopes(),
                r.attributes(),
                r.connectedAt(),
                r.lastRefreshedAt().minus(Duration.ofHours(8)),
                r.lease(),
                r.lastError(),
                r.generation());
    }

    private static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(java.util.stream.Collectors.toMap(
                        kv -> URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv -> kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
