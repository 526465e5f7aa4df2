package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.SaasConnectAutoConfiguration;
import io.github.saasconnect.autoconfigure.SaasConnectStoreAutoConfiguration;
import io.github.saasconnect.autoconfigure.web.ConnectFlowAutoConfiguration;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.event.AdminOperationEvent;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.failure.ReauthorizationCause;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connections admin endpoint over HTTP on its own management port behind Spring Security: only an operator gets
 * in, every operation works and is audited, and no answer holds a token.
 */
class ConnectionsAdminEndpointTest {

    private static final String SECRET = "admin-client-secret-value";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<Object> EVENTS = new CopyOnWriteArrayList<>();

    private GitHubSandbox github;
    private ConfigurableApplicationContext app;
    private final List<String> secrets = new ArrayList<>();
    private ConnectionId alice;
    private ConnectionId bob;

    @EnableAutoConfiguration
    static class App {

        @Bean
        SecurityFilterChain operatorsOnly(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().hasRole("OPERATOR"))
                    .httpBasic(Customizer.withDefaults())
                    .csrf(c -> c.disable())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ops")
                            .password("{noop}ops-pw")
                            .roles("OPERATOR")
                            .build(),
                    User.withUsername("viewer")
                            .password("{noop}viewer-pw")
                            .roles("USER")
                            .build());
        }

        @EventListener
        void record(Object event) {
            if (event instanceof AdminOperationEvent || event instanceof ReauthorizationRequiredEvent) {
                EVENTS.add(event);
            }
        }
    }

    @BeforeEach
    void start() {
        EVENTS.clear();
        github = GitHubSandbox.start(SandboxOptions.defaults().withClient("Iv1.admin", SECRET));
        String p = "saas-connect.providers.github.";
        app = new SpringApplicationBuilder(App.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "management.server.port=0",
                        "management.server.address=127.0.0.1",
                        "management.endpoints.web.exposure.include=saasconnectadmin",
                        "management.endpoint.saasconnectadmin.access=unrestricted",
                        "spring.jmx.enabled=false",
                        "saas-connect.store.type=memory",
                        "saas-connect.web.enabled=false",
                        p + "type=github",
                        p + "client-id=Iv1.admin",
                        p + "client-secret=" + SECRET,
                        p + "web-base-url=" + github.webBaseUrl(),
                        p + "api-base-url=" + github.apiBaseUrl(),
                        p + "accounts=multiple",
                        "saas-connect.connect.reconnect-url=https://app.example/settings/connect")
                .run();
        alice = seed("tenant-7/alice", "alice");
        bob = seed("bob", "bob");
        secrets.add(SECRET);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        github.close();
    }

    @Test
    void onlyAnOperatorGetsIn() throws Exception {
        assertThat(send("GET", "", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "", "viewer:viewer-pw", null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/github/bob", "viewer:viewer-pw", null).statusCode())
                .isEqualTo(403);
        assertThat(store().read(bob).block()).isNotNull();
        assertThat(EVENTS).isEmpty();
    }

    @Test
    void listsConnectionsAcrossOwnersPagedAndFilteredWithTheirLogins() throws Exception {
        JsonNode all = json(send("GET", "", "ops:ops-pw", null));
        assertThat(all.get("connections")).hasSize(2);
        List<String> shown = new ArrayList<>();
        for (JsonNode c : all.get("connections")) {
            shown.add(c.at("/id/owner").asString() + " as " + c.get("login").asString());
        }
        assertThat(shown).containsExactlyInAnyOrder("tenant-7/alice as alice", "bob as bob");

        JsonNode first = json(send("GET", "?registration=github&size=1", "ops:ops-pw", null));
        assertThat(first.get("connections")).hasSize(1);
        String cursor = first.get("nextCursor").asString();
        JsonNode second = json(send(
                "GET",
                "?registration=github&size=1&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8),
                "ops:ops-pw",
                null));
        assertThat(second.get("connections")).hasSize(1);
        assertThat(second.at("/connections/0/id/owner").asString())
                .isNotEqualTo(first.at("/connections/0/id/owner").asString());

        assertThat(json(send("GET", "?status=reauthorization_required", "ops:ops-pw", null))
                        .get("connections"))
                .isEmpty();
        assertThat(EVENTS)
                .hasSize(4)
                .allSatisfy(e -> assertThat(((AdminOperationEvent) e).actor()).isEqualTo("ops"));
    }

    @Test
    void inspectsRefreshesMarksAndDisconnectsEachAuditedAndNeverShowsAToken() throws Exception {
        JsonNode inspected = json(send("GET", "/github/tenant-7/alice", "ops:ops-pw", null));
        assertThat(inspected.get("login").asString()).isEqualTo("alice");
        assertThat(inspected.get("accountId").asString())
                .isEqualTo(github.user("alice").id());
        assertThat(send("GET", "/github/nobody", "ops:ops-pw", null).statusCode())
                .isEqualTo(404);

        long tokenRequests = github.requestCount(Endpoint.TOKEN);
        JsonNode refreshed = json(send("POST", "/github/tenant-7/alice", "ops:ops-pw", "{\"action\":\"refresh\"}"));
        assertThat(github.requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests + 1);
        ConnectionRecord afterRefresh = store().read(alice).block().record();
        secrets.add(afterRefresh.accessToken().reveal());
        secrets.add(afterRefresh.refreshToken().reveal());
        assertThat(refreshed.get("lastRefreshedAt").asString())
                .isEqualTo(afterRefresh.lastRefreshedAt().toString());

        JsonNode marked = json(send("POST", "/github/bob", "ops:ops-pw", "{\"action\":\"mark-reauthorization\"}"));
        assertThat(marked.get("status").asString()).isEqualTo("REAUTHORIZATION_REQUIRED");
        assertThat(store().read(bob).block().record().status()).isEqualTo(ConnectionStatus.REAUTHORIZATION_REQUIRED);
        assertThat(EVENTS)
                .filteredOn(ReauthorizationRequiredEvent.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(((ReauthorizationRequiredEvent) e).cause())
                        .isEqualTo(ReauthorizationCause.MARKED_BY_ADMIN));

        HttpResponse<String> disconnected = send("DELETE", "/github/tenant-7/alice", "ops:ops-pw", null);
        assertThat(disconnected.statusCode()).isEqualTo(200);
        assertThat(json(disconnected).get("revokedAtProvider").asBoolean()).isTrue();
        assertThat(github.requestCount(Endpoint.REVOCATION)).isEqualTo(1);
        assertThat(store().read(alice).block()).isNull();

        assertThat(EVENTS)
                .filteredOn(AdminOperationEvent.class::isInstance)
                .map(e -> (AdminOperationEvent) e)
                .extracting(e -> e.operation() + " " + e.connection() + " " + e.actor() + " " + e.outcome())
                .containsExactly(
                        "inspect github:tenant-7/alice ops ok",
                        "inspect github:nobody ops not-found",
                        "refresh github:tenant-7/alice ops ok",
                        "mark-reauthorization github:bob ops ok",
                        "disconnect github:tenant-7/alice ops ok");
    }

    @Test
    void theEndpointIsOffUnlessTheApplicationTurnsItOn() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        SaasConnectStoreAutoConfiguration.class,
                        SaasConnectAutoConfiguration.class,
                        ConnectFlowAutoConfiguration.class,
                        EndpointAutoConfiguration.class,
                        ConnectionsAdminEndpointAutoConfiguration.class))
                .withPropertyValues(
                        "saas-connect.store.type=memory",
                        "saas-connect.providers.acme.type=oauth2",
                        "saas-connect.providers.acme.client-id=acme-client",
                        "saas-connect.providers.acme.client-secret=acme-secret",
                        "saas-connect.providers.acme.authorization-uri=http://127.0.0.1:1/authorize",
                        "saas-connect.providers.acme.token-uri=http://127.0.0.1:1/token",
                        "management.endpoints.web.exposure.include=*")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(ConnectionsAdminEndpoint.class));
    }

    @Test
    void everyOperationTakesTheOwnersFurtherProviderAccount() throws Exception {
        ConnectionId hubot =
                seed(ConnectionId.of("github", "bob", github.user("hubot").id()), "hubot");
        String account = "?account=" + github.user("hubot").id();

        assertThat(json(send("GET", "/github/bob" + account, "ops:ops-pw", null))
                        .get("login")
                        .asString())
                .isEqualTo("hubot");
        // the default connection is found by the account it holds, too
        assertThat(json(send("GET", "/github/bob?account=" + github.user("bob").id(), "ops:ops-pw", null))
                        .get("login")
                        .asString())
                .isEqualTo("bob");
        assertThat(send("GET", "/github/bob?account=999999", "ops:ops-pw", null).statusCode())
                .isEqualTo(404);

        long tokenRequests = github.requestCount(Endpoint.TOKEN);
        String hubotBefore = store().read(hubot).block().record().accessToken().reveal();
        String bobBefore = store().read(bob).block().record().accessToken().reveal();
        json(send(
                "POST",
                "/github/bob",
                "ops:ops-pw",
                "{\"action\":\"refresh\",\"account\":\"" + hubot.account() + "\"}"));
        assertThat(github.requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests + 1);
        assertThat(store().read(hubot).block().record().accessToken().reveal()).isNotEqualTo(hubotBefore);
        assertThat(store().read(bob).block().record().accessToken().reveal()).isEqualTo(bobBefore);

        JsonNode marked = json(send(
                "POST",
                "/github/bob",
                "ops:ops-pw",
                "{\"action\":\"mark-reauthorization\",\"account\":\"" + hubot.account() + "\"}"));
        assertThat(marked.get("status").asString()).isEqualTo("REAUTHORIZATION_REQUIRED");
        assertThat(store().read(bob).block().record().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(EVENTS)
                .filteredOn(ReauthorizationRequiredEvent.class::isInstance)
                .singleElement()
                .satisfies(e -> {
                    ReauthorizationRequiredEvent r = (ReauthorizationRequiredEvent) e;
                    assertThat(r.connection()).isEqualTo(hubot);
                    assertThat(r.reconnectUri())
                            .hasToString("https://app.example/settings/connect?registration=github&account="
                                    + hubot.account());
                });

        HttpResponse<String> disconnected = send("DELETE", "/github/bob" + account, "ops:ops-pw", null);
        assertThat(disconnected.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(disconnected.body()).at("/connection/account").asString())
                .isEqualTo(hubot.account());
        assertThat(store().read(hubot).block()).isNull();
        assertThat(store().read(bob).block()).isNotNull();
        assertThat(EVENTS)
                .filteredOn(AdminOperationEvent.class::isInstance)
                .map(e -> ((AdminOperationEvent) e).operation() + " " + ((AdminOperationEvent) e).outcome())
                .containsExactly(
                        "inspect ok",
                        "inspect ok",
                        "inspect not-found",
                        "refresh ok",
                        "mark-reauthorization ok",
                        "disconnect ok");
    }

    private ConnectionId seed(String owner, String login) {
        return seed(ConnectionId.of("github", owner), login);
    }

    private ConnectionId seed(ConnectionId connection, String login) {
        SeededConnection seeded = github.connect(github.user(login));
        secrets.add(seeded.accessToken());
        secrets.add(seeded.refreshToken());
        ConnectionId id = ExpiringConnection.store(store(), connection, seeded);
        ConnectionRecord stored = store().read(id).block().record();
        store().write(
                        stored.withAttributes(
                                Map.of("user_id", github.user(login).id(), "login", login)),
                        store().read(id).block().version())
                .block();
        return id;
    }

    private TokenStore store() {
        return app.getBean(TokenStore.class);
    }

    private HttpResponse<String> send(String method, String path, String credentials, String json) throws Exception {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/saasconnectadmin" + path))
                .header("Accept", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (credentials != null) {
            b.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        for (String secret : secrets) {
            assertThat(response.body()).as(method + " " + path).doesNotContain(secret);
        }
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
