package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.client.ProviderClients;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application with Actuator over HTTP, after refreshes that worked and refreshes the provider refused: the health,
 * the {@code saasconnect} endpoint, every SaaS Connect and Resilience4j metric and every meter tag are free of tokens,
 * client secrets and connection owners.
 */
class ObservabilityShowsNoSecretsTest {

    private static final String SECRET = "observe-client-secret-value";
    private static final String STALE_SECRET = "a-secret-the-provider-no-longer-takes";
    private static final String ALICE = "owner-alice@example.com";
    private static final String BOB = "tenant-7/owner-bob";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static GitHubSandbox github;
    private static ConfigurableApplicationContext app;
    private static final List<String> secrets = new ArrayList<>();
    private static final Map<String, String> responses = new LinkedHashMap<>();

    @EnableAutoConfiguration
    static class App {

        /** The actuator is open in this test; the point is what it shows. */
        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
                    .csrf(c -> c.disable())
                    .build();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        github = GitHubSandbox.start(SandboxOptions.defaults().withClient("Iv1.observe", SECRET));
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "saas-connect.store.type=memory",
                "management.endpoints.web.exposure.include=health,saasconnect,metrics",
                "management.endpoint.health.show-details=always"));
        properties.addAll(registration("github", SECRET));
        properties.addAll(registration("github-stale", STALE_SECRET));
        app = new SpringApplicationBuilder(App.class)
                .properties(properties.toArray(String[]::new))
                .run();

        // a refresh that works, one the provider refuses, a cache hit
        TokenManager tokens = app.getBean(TokenManager.class);
        ConnectionId alice = seedExpired("github", ALICE, "alice");
        ConnectionId bob = seedExpired("github-stale", BOB, "bob");
        tokens.accessToken(alice).block(Duration.ofSeconds(10));
        tokens.blocking().accessToken(alice);
        assertThatThrownBy(() -> tokens.accessToken(bob).block(Duration.ofSeconds(10)))
                .isInstanceOf(ClientMisconfiguredException.class);
        ConnectionRecord refreshed =
                app.getBean(TokenStore.class).read(alice).block().record();
        secrets.add(refreshed.accessToken().reveal());
        secrets.add(refreshed.refreshToken().reveal());
        secrets.addAll(List.of(SECRET, STALE_SECRET, ALICE, BOB, "owner-alice", "owner-bob"));
        // an API call through the authorized client, and a keep-alive sweep that counts the connections
        app.getBean(ProviderClients.class)
                .webClient(alice)
                .get()
                .uri("/user")
                .retrieve()
                .bodyToMono(Map.class)
                .block(Duration.ofSeconds(10));
        app.getBean(KeepAliveSweep.class).sweep().block(Duration.ofSeconds(10));

        for (String path : List.of(
                "/actuator/health", "/actuator/health/saasConnect", "/actuator/saasconnect", "/actuator/metrics")) {
            responses.put(path, get(path));
        }
        for (JsonNode name : JSON.readTree(responses.get("/actuator/metrics")).get("names")) {
            String metric = name.asString();
            if (metric.startsWith("saasconnect.") || metric.startsWith("resilience4j.")) {
                responses.put("/actuator/metrics/" + metric, get("/actuator/metrics/" + metric));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        github.close();
    }

    @Test
    void theHealthNamesTheRejectedRegistrationAndShowsNoSecret() throws Exception {
        JsonNode health = JSON.readTree(responses.get("/actuator/health/saasConnect"));

        assertThat(health.at("/status").asString()).isEqualTo("DOWN");
        assertThat(health.at("/components/registrations/components/github-stale/details/error")
                        .asString())
                .isEqualTo("incorrect_client_credentials");
        assertThat(health.at("/components/connections/details/github/ACTIVE").asLong())
                .isEqualTo(1);
        assertThat(health.at("/components/connections/details/github-stale/ACTIVE")
                        .asLong())
                .isEqualTo(1);
        assertNoSecretIn("/actuator/health");
        assertNoSecretIn("/actuator/health/saasConnect");
    }

    @Test
    void theEndpointListsEachRegistrationsSettingsAndBreakerAndNoSecret() throws Exception {
        JsonNode endpoint = JSON.readTree(responses.get("/actuator/saasconnect"));

        assertThat(endpoint.at("/store").asString()).isEqualTo("memory");
        JsonNode github = endpoint.at("/registrations/github");
        assertThat(github.at("/type").asString()).isEqualTo("github");
        assertThat(github.at("/rotation").asString()).isEqualTo("STRICT");
        assertThat(github.at("/pkce").asBoolean()).isTrue();
        assertThat(github.at("/circuitBreaker").asString()).isEqualTo("CLOSED");
        assertThat(github.at("/apiCircuitBreaker").asString()).isEqualTo("CLOSED");
        assertThat(github.at("/settings/web-base-url").asString()).startsWith("http://127.0.0.1:");
        assertThat(endpoint.at("/registrations/github-stale/rejected/error").asString())
                .isEqualTo("incorrect_client_credentials");
        assertNoSecretIn("/actuator/saasconnect");
    }

    @Test
    void everySaasConnectAndResilience4jMetricIsThereAndShowsNoSecret() {
        assertThat(responses.keySet())
                .contains(
                        "/actuator/metrics/saasconnect.token.refresh",
                        "/actuator/metrics/saasconnect.token.cache.gets",
                        "/actuator/metrics/saasconnect.store.operations",
                        "/actuator/metrics/saasconnect.registration.rejections",
                        "/actuator/metrics/saasconnect.connections",
                        "/actuator/metrics/saasconnect.token.pending.writes",
                        "/actuator/metrics/saasconnect.api.calls",
                        "/actuator/metrics/resilience4j.circuitbreaker.state");
        responses.keySet().forEach(ObservabilityShowsNoSecretsTest::assertNoSecretIn);
    }

    @Test
    void noMeterTagCarriesATokenASecretOrAnOwner() {
        List<String> values = new ArrayList<>();
        for (Meter meter : app.getBean(MeterRegistry.class).getMeters()) {
            meter.getId().getTags().stream().map(Tag::getValue).forEach(values::add);
        }

        assertThat(values)
                .isNotEmpty()
                .allSatisfy(value -> assertThat(secrets)
                        .noneSatisfy(secret -> assertThat(value).contains(secret)));
    }

    private static void assertNoSecretIn(String path) {
        String body = responses.get(path);
        assertThat(body).as(path).isNotBlank();
        for (String secret : secrets) {
            assertThat(body).as(path).doesNotContain(secret);
        }
    }

    private static List<String> registration(String id, String secret) {
        String p = "saas-connect.providers." + id + ".";
        return List.of(
                p + "type=github",
                p + "client-id=Iv1.observe",
                p + "client-secret=" + secret,
                p + "web-base-url=" + github.webBaseUrl(),
                p + "api-base-url=" + github.apiBaseUrl());
    }

    private static ConnectionId seedExpired(String registration, String owner, String login) {
        SeededConnection seeded = github.connect(github.user(login));
        secrets.add(seeded.accessToken());
        secrets.add(seeded.refreshToken());
        ConnectionId id = ConnectionId.of(registration, owner);
        return ExpiringConnection.store(app.getBean(TokenStore.class), id, seeded);
    }

    private static String get(String path) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isIn(200, 503);
        return response.body();
    }
}
