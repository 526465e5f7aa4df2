package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.SaasConnectClientsAutoConfiguration;
import io.github.saasconnect.connect.ConnectionView;
import io.github.saasconnect.connect.Connections;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.event.AccountChangeRefusedEvent;
import io.github.saasconnect.event.AccountOutcome;
import io.github.saasconnect.event.ConnectionConnectedEvent;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.RecordedRequest;
import io.github.saasconnect.testkit.sandbox.SandboxUser;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17's proof, over real HTTP against the GitHub sandbox: one owner connects two GitHub accounts through the
 * connect endpoints (POST start from the app's own page, the sandbox's authorization, the callback), both are listed
 * with their logins, a job over the registration refreshes and calls the API for each, a reconnect of one account
 * updates only that one, and a registration of one connection per owner refuses another account by default and, set to
 * replace, replaces it and revokes the replaced grant at GitHub. Run on the MVC and on the WebFlux endpoints.
 */
abstract class SeveralGitHubAccountsContract {

    private static final Map<String, String> OWNER = Map.of(HeaderOwners.HEADER, "owner-1");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<Object> EVENTS = new CopyOnWriteArrayList<>();

    private final GitHubSandbox github = GitHubSandbox.start();
    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final SandboxUser octocat = github.user("octocat");
    private final SandboxUser hubot = github.user("hubot");
    private TestApp app;

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(SaasConnectClientsAutoConfiguration.class)
    static class Events {

        @Bean
        Object accountEvents() {
            return new Object() {
                @EventListener
                void record(Object event) {
                    if (event instanceof ConnectionConnectedEvent || event instanceof AccountChangeRefusedEvent) {
                        EVENTS.add(event);
                    }
                }
            };
        }
    }

    /** The web stack whose connect endpoints the test drives. */
    abstract TestApp.Stack stack();

    @BeforeEach
    void start() {
        EVENTS.clear();
        List<String> properties = new ArrayList<>();
        for (String id : List.of("github", "github-single", "github-replace")) {
            String p = "saas-connect.providers." + id + ".";
            properties.addAll(List.of(
                    p + "type=github",
                    p + "client-id=" + github.client().clientId(),
                    p + "client-secret=" + github.client().clientSecret(),
                    p + "web-base-url=" + github.webBaseUrl(),
                    p + "api-base-url=" + github.apiBaseUrl()));
        }
        properties.add("saas-connect.providers.github.accounts=multiple");
        properties.add("saas-connect.providers.github-replace.on-account-change=replace");
        app = TestApp.start(
                stack(),
                Map.of(
                        "tokenStore",
                        store,
                        "clock",
                        clock,
                        "owners",
                        stack() == TestApp.Stack.MVC ? HeaderOwners.mvc() : HeaderOwners.webFlux()),
                List.of(Events.class),
                properties.toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        github.close();
    }

    @Test
    void oneOwnerConnectsTwoGitHubAccountsAJobVisitsBothAndAReconnectUpdatesOnlyItsOwn() {
        HttpResponse<String> first = connect("github", octocat, null);
        HttpResponse<String> second = connect("github", hubot, null);

        ConnectionId octocatId = ConnectionId.of("github", "owner-1");
        ConnectionId hubotId = ConnectionId.of("github", "owner-1", hubot.id());
        assertThat(first.headers().firstValue("Location")).hasValue("/settings?connected=github");
        assertThat(second.headers().firstValue("Location"))
                .hasValue("/settings?connected=github&account_outcome=added_account");
        assertThat(app.bean(Connections.class)
                        .list("owner-1")
                        .map(v -> v.id() + " " + v.login() + " " + v.accountId())
                        .collectList()
                        .block())
                .containsExactly(octocatId + " octocat " + octocat.id(), hubotId + " hubot " + hubot.id());
        JsonNode listed = JSON.readTree(
                TestApp.get(app.url("/saas-connect/connections"), OWNER).body());
        List<String> listedLogins = new ArrayList<>();
        listed.forEach(c -> listedLogins.add(c.get("login").asString()));
        assertThat(listedLogins).containsExactly("octocat", "hubot");

        // a job over the registration, after both access tokens expired: each account refreshed and called once
        clock.advance(Duration.ofHours(9));
        long tokenRequests = github.requestCount(Endpoint.TOKEN);
        int apiCallsBefore = github.requests().of(Endpoint.API).size();
        List<String> logins = new CopyOnWriteArrayList<>();
        JobReport report = app.bean(ConnectionJobs.class)
                .forEachConnection(
                        "github",
                        2,
                        (connection, api) -> api.get()
                                .uri("/user")
                                .retrieve()
                                .bodyToMono(JsonNode.class)
                                .doOnNext(user -> logins.add(connection.id() + " "
                                        + user.get("login").asString()))
                                .then());
        assertThat(report.failed()).isZero();
        assertThat(logins).containsExactlyInAnyOrder(octocatId + " octocat", hubotId + " hubot");
        assertThat(github.requestCount(Endpoint.TOKEN)).isEqualTo(tokenRequests + 2);
        List<RecordedRequest> apiCalls = github.requests().of(Endpoint.API);
        Map<String, Long> callsByToken = apiCalls.subList(apiCallsBefore, apiCalls.size()).stream()
                .filter(r -> r.path().endsWith("/user"))
                .collect(Collectors.groupingBy(SeveralGitHubAccountsContract::bearer, Collectors.counting()));
        assertThat(callsByToken)
                .containsEntry(token(octocatId), 1L)
                .containsEntry(token(hubotId), 1L)
                .hasSize(2);

        // reconnecting octocat, named by its account id: same connection, new token, hubot untouched
        ConnectionRecord hubotBefore = store.read(hubotId).block().record();
        String octocatToken = token(octocatId);
        HttpResponse<String> again = connect("github", octocat, octocat.id());
        assertThat(again.headers().firstValue("Location")).hasValue("/settings?connected=github");
        assertThat(token(octocatId)).isNotEqualTo(octocatToken);
        assertThat(store.read(hubotId).block().record()).isEqualTo(hubotBefore);
        assertThat(EVENTS)
                .map(e -> ((ConnectionConnectedEvent) e).outcome())
                .containsExactly(
                        AccountOutcome.NEW_CONNECTION, AccountOutcome.ADDED_ACCOUNT, AccountOutcome.SAME_ACCOUNT);

        // disconnecting hubot through the endpoint leaves octocat
        HttpResponse<String> gone = TestApp.send(
                "POST",
                app.url("/saas-connect/disconnect/github"),
                OWNER,
                "account=" + enc(hubot.id()) + "&return_to=%2Fsettings");
        assertThat(gone.statusCode()).isEqualTo(303);
        assertThat(store.read(hubotId).block()).isNull();
        assertThat(store.read(octocatId).block()).isNotNull();
    }

    @Test
    void oneConnectionPerOwnerRefusesAnotherAccountByDefault() {
        connect("github-single", octocat, null);
        ConnectionRecord before =
                store.read(ConnectionId.of("github-single", "owner-1")).block().record();

        HttpResponse<String> refused = connect("github-single", hubot, null);

        assertThat(refused.headers().firstValue("Location"))
                .hasValue("/settings?connect_error=account_changed&registration=github-single");
        assertThat(store.read(ConnectionId.of("github-single", "owner-1"))
                        .block()
                        .record())
                .isEqualTo(before);
        assertThat(EVENTS)
                .filteredOn(AccountChangeRefusedEvent.class::isInstance)
                .hasSize(1);
        assertThat(github.requestCount(Endpoint.REVOCATION)).isZero();
    }

    @Test
    void oneConnectionPerOwnerSetToReplaceTakesTheOtherAccountAndRevokesTheReplacedGrant() {
        connect("github-replace", octocat, null);
        ConnectionId id = ConnectionId.of("github-replace", "owner-1");
        String octocatToken = token(id);

        HttpResponse<String> replaced = connect("github-replace", hubot, null);

        assertThat(replaced.headers().firstValue("Location"))
                .hasValue("/settings?connected=github-replace&account_outcome=replaced_account");
        ConnectionView view = app.bean(Connections.class).find(id).block();
        assertThat(view.login()).isEqualTo("hubot");
        assertThat(github.requestCount(Endpoint.REVOCATION)).isEqualTo(1);
        RecordedRequest revocation = github.requests().last(Endpoint.REVOCATION).orElseThrow();
        assertThat(revocation.method()).isEqualTo("DELETE");
        assertThat(revocation.body()).contains(octocatToken);
        assertThat(github.isAccessTokenValid(octocatToken)).isFalse();
        assertThat(EVENTS)
                .last()
                .isEqualTo(new ConnectionConnectedEvent(
                        id, clock.instant(), AccountOutcome.REPLACED_ACCOUNT, octocat.id(), true));
    }

    /** Start (POST from the app's page), the sandbox signed in as {@code user} approves, then the callback. */
    private HttpResponse<String> connect(String registration, SandboxUser user, String account) {
        github.signIn(user);
        HttpResponse<String> start = TestApp.send(
                "POST",
                app.url("/saas-connect/connect/" + registration),
                with(OWNER, "Sec-Fetch-Site", "same-origin"),
                "return_to=%2Fsettings" + (account == null ? "" : "&account=" + enc(account)));
        assertThat(start.statusCode()).as(start.body()).isEqualTo(303);
        AuthorizationRedirect approved =
                github.approve(URI.create(start.headers().firstValue("Location").orElseThrow()));
        HttpResponse<String> callback = TestApp.get(
                app.url("/saas-connect/callback/" + registration + "?state=" + enc(approved.state()) + "&code="
                        + enc(approved.code())),
                OWNER);
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        return callback;
    }

    private String token(ConnectionId id) {
        return store.read(id).block().record().accessToken().reveal();
    }

    private static String bearer(RecordedRequest r) {
        return r.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Authorization"))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse("")
                .replaceFirst("(?i)^(bearer|token) ", "");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.put(name, value);
        return all;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
