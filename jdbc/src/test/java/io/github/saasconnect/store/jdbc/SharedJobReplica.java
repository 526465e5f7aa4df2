package io.github.saasconnect.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.job.JobSettings;
import io.github.saasconnect.job.SharedJob;
import io.github.saasconnect.job.SharedRun;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderDescriptor;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.RefreshTokenLifetime;
import io.github.saasconnect.provider.RefreshTokenRotation;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.resilience.ResilienceSettings;
import io.github.saasconnect.store.crypto.EnvelopeCipher;
import io.github.saasconnect.store.crypto.Keyring;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.token.TokenManager;
import io.github.saasconnect.token.TokenManagerSettings;
import io.micrometer.observation.ObservationRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One replica of an application, in a process of its own, for {@link SharedJobKillTest}: a {@link JdbcTokenStore}
 * on the test database, a {@link TokenManager} and clients of its own, and the shared job {@link #JOB} over
 * registration {@code google} (the test's Google sandbox). Its clock stands still until the test moves it. It obeys
 * lines on standard input and answers on standard output with lines that start with {@value #PREFIX}:
 *
 * <ul>
 *   <li>{@code run}: runs the job once; prints {@code done <owner>} after each API call answered, then {@code report
 *       <succeeded> <failed> <alreadyDone> <heldByOthers> <takenOver> <lateCompletions>};
 *   <li>{@code advance <ISO-8601 duration>}: moves its clock; prints {@code ok}.
 * </ul>
 *
 * Arguments: JDBC URL, owner digest key, key k1 (base64), the sandbox's base URL, token and authorization endpoints,
 * client id and secret, the replica's name, its clock's start.
 */
final class SharedJobReplica {

    static final String PREFIX = "@@ ";
    static final String REGISTRATION = "google";
    static final String API_PATH = "/drive/v3/files";
    /** Claims lapse after 2 minutes of the replicas' clocks, which stand still unless the test moves them. */
    static final SharedJob JOB = new SharedJob("kill-test-sync", Duration.ofMinutes(10), Duration.ofMinutes(2));

    private SharedJobReplica() {}

    public static void main(String[] args) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(args[0]);
        pool.setMaximumPoolSize(4);
        JdbcTokenStore store = JdbcTokenStore.builder(
                        new HikariDataSource(pool),
                        new EnvelopeCipher(Keyring.fromBase64("k1", Map.of("k1", args[2]))),
                        OwnerDigest.of(Base64.getDecoder().decode(args[1])))
                .build();
        MutableClock clock = MutableClock.at(Instant.parse(args[9]));
        ProviderRegistry registry = new ProviderRegistry(
                List.of(registration(URI.create(args[3]), URI.create(args[4]), URI.create(args[5]), args[6], args[7])));
        RefreshResilience resilience = RefreshResilience.withSettings(ResilienceSettings.defaults(), clock);
        TokenManager tokens = TokenManager.builder(
                        store, new OAuth2TokenClient(WebClient.create(), clock, Duration.ofSeconds(30)), registry)
                .resilience(resilience)
                .events(event -> {})
                .clock(clock)
                .settings(TokenManagerSettings.defaults().withInstanceId(args[8]))
                .observations(ObservationRegistry.NOOP)
                .build();
        ProviderClients clients = ProviderClients.builder(registry, tokens, store, resilience)
                .clock(clock)
                .build();
        // pages of 20: a replica claims 20 connections at a time, so the one killed holds some it never finished
        ConnectionJobs jobs = new ConnectionJobs(store, registry, clients, clock, new JobSettings(20, 100))
                .withClaims(store.jobClaims(), args[8])
                .shared(JOB);
        say("ready");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command; (command = commands.readLine()) != null; ) {
            if (command.equals("run")) {
                JobReport report = jobs.forEachConnection(
                        REGISTRATION,
                        4,
                        (connection, api) -> api.get()
                                .uri(API_PATH)
                                .retrieve()
                                .toBodilessEntity()
                                .doOnNext(response -> say("done " + connection.owner()))
                                .then());
                SharedRun shared = report.shared();
                say("report " + report.succeeded() + " " + report.failed() + " " + shared.alreadyDone() + " "
                        + shared.heldByOthers() + " " + shared.takenOver() + " " + shared.lateCompletions());
            } else if (command.startsWith("advance ")) {
                clock.advance(Duration.parse(command.substring("advance ".length())));
                say("ok");
            }
        }
    }

    /** The registration every replica and the test build alike. */
    static ProviderRegistration registration(
            URI baseUrl, URI tokenUri, URI authorizationUri, String clientId, String clientSecret) {
        return new ProviderRegistration(
                REGISTRATION,
                ProviderDescriptor.builder(REGISTRATION)
                        .authorizationUri(authorizationUri)
                        .tokenUri(tokenUri)
                        .apiBaseUri(baseUrl)
                        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
                        .rotation(RefreshTokenRotation.NONE)
                        .refreshTokenLifetime(RefreshTokenLifetime.idle(Duration.ofDays(180)))
                        .build(),
                clientId,
                Secret.of(clientSecret),
                List.of(),
                null,
                Duration.ofSeconds(60));
    }

    private static synchronized void say(String line) {
        System.out.println(PREFIX + line);
        System.out.flush();
    }
}
