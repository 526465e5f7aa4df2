package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.autoconfigure.InvalidSaasConnectConfigurationException;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.keepalive.KeepAliveReport;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.observation.SaasConnectMeterHandler;
import io.github.saasconnect.store.file.FileTokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file store never silently loses its connections (issue 14), through the web endpoints and the job API of a
 * running application, the same for Spring MVC and WebFlux: one unreadable record is listed as such beside the
 * owner's other connections, counted by jobs, the keep-alive sweep and the connection gauge, replaced by connecting
 * again and deleted by disconnecting; under a replaced key every record is counted unreadable, and a lost key file
 * stops the application from starting.
 */
abstract class UnreadableRecordsContract {

    private static final Map<String, String> ALICE = Map.of(HeaderOwners.HEADER, "alice");
    private static final Map<String, String> BOB = Map.of(HeaderOwners.HEADER, "bob");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private final GoogleSandbox sandbox = GoogleSandbox.start();
    private final MutableClock clock = MutableClock.startingNow();
    private SimpleMeterRegistry meters;
    private Path directory;
    private Path keyFile;
    private TestApp app;

    abstract TestApp.Stack stack();

    @BeforeEach
    void start() {
        directory = tmp.resolve("tokens");
        keyFile = tmp.resolve("store.key");
        app = startApp();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        sandbox.close();
    }

    private TestApp startApp() {
        meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new SaasConnectMeterHandler(meters));
        List<String> properties = new ArrayList<>(List.of(
                "saas-connect.store.type=file",
                "saas-connect.store.file.directory=" + directory,
                "saas-connect.store.file.key-file=" + keyFile,
                "saas-connect.keep-alive.initial-delay=1h"));
        for (String id : List.of("google", "second")) {
            String p = "saas-connect.providers." + id;
            properties.addAll(List.of(
                    p + ".type=oauth2",
                    p + ".client-id=" + sandbox.client().clientId(),
                    p + ".client-secret=" + sandbox.client().clientSecret(),
                    p + ".authorization-uri=" + sandbox.authorizationEndpoint(),
                    p + ".token-uri=" + sandbox.tokenEndpoint(),
                    p + ".revocation-uri=" + sandbox.revocationEndpoint(),
                    p + ".authorization-parameters.access_type=offline",
                    p + ".authorization-parameters.prompt=consent",
                    p + ".scopes=openid",
                    p + ".rotation=none"));
        }
        Object owners = stack() == TestApp.Stack.MVC ? HeaderOwners.mvc() : HeaderOwners.webFlux();
        return TestApp.start(
                stack(),
                Map.of("clock", clock, "owners", owners, "observationRegistry", observations),
                List.of(JobsAndKeepAlive.class),
                properties.toArray(String[]::new));
    }

    @org.springframework.boot.autoconfigure.ImportAutoConfiguration(
            io.github.saasconnect.autoconfigure.SaasConnectClientsAutoConfiguration.class)
    static class JobsAndKeepAlive {}

    @Test
    void oneUnreadableRecordIsIsolatedCountedThenReplacedByConnectingAgainAndDeletedByDisconnecting() throws Exception {
        connect("google", ALICE);
        Path alicesGoogleFile = onlyRecordFile("google");
        connect("google", BOB);
        connect("second", ALICE);
        damage(alicesGoogleFile);

        // The listing isolates the broken registration, with its own error code, beside the readable one
        HttpResponse<String> listed = get("/saas-connect/connections", ALICE);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(status(listed, "google")).isEqualTo("UNREADABLE");
        assertThat(connection(listed, "google").at("/lastErrorCode").asString()).isEqualTo("record_unreadable");
        assertThat(status(listed, "second")).isEqualTo("ACTIVE");
        assertThat(status(get("/saas-connect/connections", BOB), "google")).isEqualTo("ACTIVE");

        // Jobs, the keep-alive sweep and the gauge count it; the other connection is processed
        JobReport job = runJob();
        assertThat(job.succeeded()).isEqualTo(1);
        assertThat(job.unreadable()).isEqualTo(1);
        assertThat(job.total()).isEqualTo(2);
        KeepAliveReport sweep = app.bean(KeepAliveSweep.class).sweep("google").block(TIMEOUT);
        assertThat(sweep.examined()).isEqualTo(1);
        assertThat(sweep.unreadable()).isEqualTo(1);
        assertThat(unreadableGauge("google")).isEqualTo(1.0);

        // Connecting again replaces the unreadable record
        connect("google", ALICE);
        assertThat(status(get("/saas-connect/connections", ALICE), "google")).isEqualTo("ACTIVE");
        assertThat(runJob().unreadable()).isZero();
        assertThat(app.bean(KeepAliveSweep.class).sweep("google").block(TIMEOUT).unreadable())
                .isZero();
        assertThat(unreadableGauge("google")).isZero();

        // Disconnecting deletes an unreadable record (nothing to revoke: its tokens cannot be read)
        damage(alicesGoogleFile);
        HttpResponse<String> deleted = send("DELETE", "/saas-connect/connections/google", ALICE);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(alicesGoogleFile).doesNotExist();
        HttpResponse<String> after = get("/saas-connect/connections", ALICE);
        assertThat(JSON.readTree(after.body()).findValuesAsString("registration"))
                .containsExactly("second");
        assertThat(runJob().unreadable()).isZero();
    }

    @Test
    void underAReplacedKeyEveryRecordIsCountedUnreadableAndALostKeyFileStopsTheApplicationFromStarting()
            throws Exception {
        connect("google", ALICE);
        connect("google", BOB);
        assertThat(app.bean(FileTokenStore.class).recordsUnderAnotherKey()).isZero();
        app.close();
        app = null;

        // Another key in the key file: the application starts, and says what is wrong everywhere
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(otherKey) + "\n");
        app = startApp();
        assertThat(app.bean(FileTokenStore.class).recordsUnderAnotherKey()).isEqualTo(2);
        // names are keyed from the key: under another one the owner's record is not even found
        assertThat(get("/saas-connect/connections", ALICE).body()).isEqualTo("[]");
        JobReport job = runJob();
        assertThat(job.unreadable()).isEqualTo(2);
        assertThat(job.succeeded()).isZero();
        app.close();
        app = null;

        // No key file at all: no new key is made over the records, the application does not start
        Files.delete(keyFile);
        assertThatThrownBy(this::startApp)
                .rootCause()
                .isInstanceOfSatisfying(InvalidSaasConnectConfigurationException.class, e -> {
                    assertThat(e.property()).isEqualTo("saas-connect.store.file.key-file");
                    assertThat(e.getMessage()).contains("does not exist", "holds connection records");
                });
        assertThat(keyFile).doesNotExist();
    }

    private JobReport runJob() {
        return app.bean(ConnectionJobs.class)
                .forEachConnectionReactive("google", 4, (connection, api) -> Mono.empty())
                .block(TIMEOUT);
    }

    private double unreadableGauge(String registration) {
        return meters.get(SaasConnectMeterHandler.CONNECTIONS)
                .tags("registration", registration, "status", "unreadable")
                .gauge()
                .value();
    }

    private Path onlyRecordFile(String registration) throws Exception {
        try (Stream<Path> files = Files.list(directory.resolve(registration))) {
            List<Path> records =
                    files.filter(f -> f.toString().endsWith(".rec")).toList();
            assertThat(records).hasSize(1);
            return records.get(0);
        }
    }

    /** Flips the last bit of the file's authentication tag, as a disk or a careless edit would. */
    private static void damage(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
    }

    private static String status(HttpResponse<String> listing, String registration) {
        return connection(listing, registration).at("/status").asString();
    }

    private static JsonNode connection(HttpResponse<String> listing, String registration) {
        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        for (JsonNode c : JSON.readTree(listing.body())) {
            if (c.at("/registration").asString().equals(registration)) {
                return c;
            }
        }
        throw new AssertionError("no connection of " + registration + " in " + listing.body());
    }

    private void connect(String registration, Map<String, String> owner) {
        HttpResponse<String> start = TestApp.startConnect(app.baseUrl(), registration, "%2F", owner);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        AuthorizationRedirect approved = sandbox.approve(
                URI.create(start.headers().firstValue("Location").orElseThrow()));
        HttpResponse<String> callback = get(
                "/saas-connect/callback/" + registration + "?state=" + enc(approved.state()) + "&code="
                        + enc(approved.code()),
                owner);
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location").orElseThrow()).contains("connected=" + registration);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        return TestApp.get(app.url(path), headers);
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
        return TestApp.send(method, app.url(path), headers, null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
