package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The connect endpoints over real HTTP, the same specification for Spring MVC and WebFlux: the whole flow
 * against the Google sandbox (as the generic {@code oauth2} type), and every bad input answered clearly with
 * nothing changed and nothing secret in the answer or the logs.
 */
abstract class ConnectEndpointsContract {

    private static final Map<String, String> ALICE = Map.of(HeaderOwners.HEADER, "alice");
    private static final Map<String, String> MALLORY = Map.of(HeaderOwners.HEADER, "mallory");

    private final GoogleSandbox sandbox = GoogleSandbox.start();
    private final MutableClock clock = MutableClock.startingNow();
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    /** Every answer of our endpoints, to check for secrets at the end of a test. */
    private final List<String> answers = new ArrayList<>();

    private TestApp app;

    abstract TestApp.Stack stack();

    @BeforeEach
    void start() {
        startApp();
    }

    private void startApp(String... extra) {
        Object owners = stack() == TestApp.Stack.MVC ? HeaderOwners.mvc() : HeaderOwners.webFlux();
        List<String> properties = new ArrayList<>(List.of(
                "saas-connect.web.allowed-return-origins=https://app.example",
                provider("google") + ".authorization-parameters.access_type=offline",
                provider("google") + ".authorization-parameters.prompt=consent",
                provider("google") + ".scopes=openid,email",
                provider("second") + ".scopes=openid"));
        for (String id : List.of("google", "second")) {
            properties.addAll(List.of(
                    provider(id) + ".type=oauth2",
                    provider(id) + ".client-id=" + sandbox.client().clientId(),
                    provider(id) + ".client-secret=" + sandbox.client().clientSecret(),
                    provider(id) + ".authorization-uri=" + sandbox.authorizationEndpoint(),
                    provider(id) + ".token-uri=" + sandbox.tokenEndpoint(),
                    provider(id) + ".revocation-uri=" + sandbox.revocationEndpoint(),
                    provider(id) + ".rotation=none"));
        }
        properties.addAll(List.of(extra));
        app = TestApp.start(
                stack(),
                Map.of("tokenStore", store, "clock", clock, "owners", owners),
                List.of(),
                properties.toArray(String[]::new));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ((Logger) LoggerFactory.getLogger("io.github.saasconnect")).setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    private String provider(String id) {
        return "saas-connect.providers." + id;
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (app != null) {
            app.close(); // a WebFlux app disposes Reactor Netty's global loops; the sandbox has its own
        }
        sandbox.close();
    }

    // ---- the whole flow ----

    @Test
    void connectApproveCallbackStatusAndDisconnect() {
        HttpResponse<String> connect = start("google", "%2Fhome", ALICE);
        assertThat(connect.statusCode()).isEqualTo(303);
        assertThat(connect.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        URI location = URI.create(connect.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString())
                .startsWith(sandbox.authorizationEndpoint().toString());
        Map<String, String> q = query(location);
        assertThat(q)
                .containsEntry(
                        "redirect_uri", app.url("/saas-connect/callback/google").toString())
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("access_type", "offline");

        AuthorizationRedirect approved = sandbox.approve(location);
        HttpResponse<String> callback =
                callback("google", "state=" + enc(approved.state()) + "&code=" + enc(approved.code()), ALICE);

        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("Location")).contains("/home?connected=google");
        ConnectionRecord record =
                store.read(ConnectionId.of("google", "alice")).block().record();

        HttpResponse<String> status = get("/saas-connect/connections", ALICE);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type").orElse("")).contains("application/json");
        assertThat(status.body())
                .contains(
                        "\"registration\":\"google\"",
                        "\"status\":\"ACTIVE\"",
                        "\"email\"",
                        "\"accessTokenExpiresAt\":\"")
                .doesNotContain(record.accessToken().reveal())
                .doesNotContain(record.refreshToken().reveal());
        assertThat(get("/saas-connect/connections", MALLORY).body()).isEqualTo("[]");

        HttpResponse<String> disconnect = send("POST", "/saas-connect/disconnect/google", ALICE, "return_to=%2Fhome");
        assertThat(disconnect.statusCode()).isEqualTo(303);
        assertThat(disconnect.headers().firstValue("Location")).contains("/home?disconnected=google");
        assertThat(store.read(ConnectionId.of("google", "alice")).block()).isNull();
        assertThat(sandbox.requestCount(Endpoint.REVOCATION)).isEqualTo(1);
        assertThat(get("/saas-connect/connections", ALICE).body()).isEqualTo("[]");
        assertNoSecretLeaked(approved, record);
    }

    @Test
    void deleteDisconnectsWithNoContent() {
        connect("google", ALICE);

        assertThat(send("DELETE", "/saas-connect/connections/google", ALICE, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(store.read(ConnectionId.of("google", "alice")).block()).isNull();
    }

    // ---- bad input: connect ----

    @Test
    void connectWithoutASignedInUserIs401() {
        HttpResponse<String> r = start("google", null, Map.of());
        assertProblem(r, 401, "unauthenticated");
        assertThat(pendingCount()).isZero();
    }

    @Test
    void connectToAnUnknownRegistrationIs404() {
        assertProblem(start("nope", null, ALICE), 404, "unknown_registration");
        assertThat(pendingCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "//evil.example/x",
                "https://evil.example/",
                "/%5Cevil.example",
                "%2F%2Fevil.example",
                "javascript:alert(1)",
                "https://app.example@evil.example/",
                "http://app.example/",
                "/.//evil.example",
                "/..//evil.example/x",
                "/%252e//evil.example",
                "/a/..//evil.example"
            })
    void anOpenRedirectInReturnToIs400AndStartsNothing(String returnTo) {
        HttpResponse<String> r = start("google", returnTo.contains("%") ? returnTo : enc(returnTo), ALICE);
        assertProblem(r, 400, "invalid_return_to");
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(pendingCount()).isZero();
        assertThat(sandbox.requestCount(Endpoint.AUTHORIZATION)).isZero();
    }

    @Test
    void anAbsoluteReturnToOnAnAllowedOriginIsAccepted() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "https://app.example/done", ALICE));
        HttpResponse<String> r = callback("google", params(approved), ALICE);
        assertThat(r.headers().firstValue("Location")).contains("https://app.example/done?connected=google");
    }

    @Test
    void aReturnToIsNormalisedBeforeItIsCheckedAndUsed() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/a/./b/../../home", ALICE));
        HttpResponse<String> r = callback("google", params(approved), ALICE);
        assertThat(r.headers().firstValue("Location")).contains("/home?connected=google");
    }

    // ---- a safer start ----

    @Test
    void aCrossSitePostIsRefusedAndStartsNothing() {
        HttpResponse<String> r = record(
                "/saas-connect/connect/google",
                TestApp.send(
                        "POST",
                        app.url("/saas-connect/connect/google"),
                        with(ALICE, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"),
                        "return_to=%2F"));
        assertProblem(r, 403, "cross_site_request");
        assertThat(pendingCount()).isZero();
        assertThat(sandbox.requestCount(Endpoint.AUTHORIZATION)).isZero();
    }

    @Test
    void aPostWithoutTheBrowsersWordOnWhereItCameFromIsRefused() {
        HttpResponse<String> r =
                record("/saas-connect/connect/google", send("POST", "/saas-connect/connect/google", ALICE, ""));
        assertProblem(r, 403, "cross_site_request");
        assertThat(pendingCount()).isZero();
    }

    @Test
    void aPostFromTheAppsOwnOriginOrAnAllowedOneStartsWithoutFetchMetadata() {
        String self = app.baseUrl().toString();
        for (String origin : List.of(self, "https://app.example")) {
            HttpResponse<String> r = record(
                    "/saas-connect/connect/google",
                    TestApp.send("POST", app.url("/saas-connect/connect/google"), with(ALICE, "Origin", origin), ""));
            assertThat(r.statusCode()).as(origin).isEqualTo(303);
        }
        assertThat(pendingCount()).isEqualTo(2);
    }

    @Test
    void aGetStartIsRefusedUnlessTheAppAllowsIt() {
        HttpResponse<String> r = get("/saas-connect/connect/google?return_to=%2F", ALICE);
        assertProblem(r, 405, "get_start_disabled");
        assertThat(r.body()).contains("saas-connect.connect.allow-get-start");
        assertThat(pendingCount()).isZero();
    }

    @Test
    void anAllowedGetStartStillRefusesWhatTheBrowserMarksCrossSite() {
        app.close();
        startApp("saas-connect.connect.allow-get-start=true");

        HttpResponse<String> link =
                get("/saas-connect/connect/google?return_to=%2Fhome", with(ALICE, "Sec-Fetch-Site", "same-origin"));
        assertThat(link.statusCode()).isEqualTo(302);
        assertThat(sandbox.approve(
                                URI.create(link.headers().firstValue("Location").orElseThrow()))
                        .code())
                .isNotNull();
        assertProblem(
                get("/saas-connect/connect/google", with(ALICE, "Sec-Fetch-Site", "cross-site")),
                403,
                "cross_site_request");
        assertThat(pendingCount()).as("only the same-origin link's").isEqualTo(1);
    }

    @Test
    void startsBeyondThePendingLimitReplaceTheOldest() {
        List<URI> starts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            starts.add(startLocation("google", "/", ALICE));
        }
        startLocation("google", "/", MALLORY);

        assertThat(pendingCount()).as("alice's 5 newest and mallory's").isEqualTo(6);
        AuthorizationRedirect oldest = sandbox.approve(starts.get(0));
        assertProblem(callback("google", params(oldest), ALICE), 400, "state_unknown");
        AuthorizationRedirect newest = sandbox.approve(starts.get(7));
        assertThat(callback("google", params(newest), ALICE).statusCode()).isEqualTo(302);
    }

    private static Map<String, String> with(Map<String, String> owner, String... headers) {
        Map<String, String> all = new java.util.HashMap<>(owner);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return all;
    }

    // ---- bad input: callback ----

    @Test
    void aCallbackWithoutStateIs400() {
        assertProblem(callback("google", "code=abc", ALICE), 400, "state_missing");
        assertNothingStored();
    }

    @Test
    void anUnknownStateIs400() {
        assertProblem(callback("google", "state=made-up&code=abc", ALICE), 400, "state_unknown");
        assertNothingStored();
    }

    @Test
    void aReusedStateIs400AndLeavesTheConnectionAsItWas() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/", ALICE));
        assertThat(callback("google", params(approved), ALICE).statusCode()).isEqualTo(302);
        VersionedRecord before = store.read(ConnectionId.of("google", "alice")).block();

        assertProblem(callback("google", params(approved), ALICE), 400, "state_unknown");

        assertThat(store.read(ConnectionId.of("google", "alice")).block().version())
                .isEqualTo(before.version());
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(1);
    }

    @Test
    void anExpiredStateIs400() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/", ALICE));
        clock.advance(Duration.ofMinutes(10));

        assertProblem(callback("google", params(approved), ALICE), 400, "state_expired");
        assertNothingStored();
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void aStateIssuedForAnotherRegistrationIs400() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/", ALICE));

        assertProblem(callback("second", params(approved), ALICE), 400, "state_registration_mismatch");
        assertNothingStored();
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void aStateIssuedToAnotherUserIs403() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/", ALICE));

        HttpResponse<String> r = callback("google", params(approved), MALLORY);

        assertProblem(r, 403, "state_owner_mismatch");
        assertThat(r.body()).doesNotContain("alice");
        assertNothingStored();
        assertThat(store.read(ConnectionId.of("google", "mallory")).block()).isNull();
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void aCallbackWithoutASignedInUserIs401AndKeepsTheState() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/", ALICE));

        assertProblem(callback("google", params(approved), Map.of()), 401, "unauthenticated");
        assertThat(pendingCount()).isEqualTo(1);
    }

    @Test
    void accessDeniedSendsTheUserBackWithTheErrorAndStoresNothing() {
        AuthorizationRedirect denied = sandbox.deny(startLocation("google", "/settings#connections", ALICE));

        HttpResponse<String> r = callback(
                "google",
                "state=" + enc(denied.state()) + "&error=access_denied" + "&error_description="
                        + enc("The user denied the request."),
                ALICE);

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location"))
                .contains("/settings?connect_error=access_denied&registration=google#connections");
        assertNothingStored();
        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isZero();
    }

    @Test
    void aCallbackWithAValidStateButNoCodeSendsTheUserBackWithTheError() {
        AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/home", ALICE));

        HttpResponse<String> r = callback("google", "state=" + enc(approved.state()), ALICE);

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).contains("/home?connect_error=code_missing&registration=google");
        assertNothingStored();
    }

    @Test
    void aCallbackOfAnUnknownRegistrationIs404() {
        assertProblem(callback("nope", "state=x&code=y", ALICE), 404, "unknown_registration");
    }

    // ---- bad input: disconnect ----

    @Test
    void disconnectingWhatIsNotConnectedIs404() {
        assertProblem(send("DELETE", "/saas-connect/connections/google", ALICE, null), 404, "not_connected");
        assertProblem(send("POST", "/saas-connect/disconnect/google", ALICE, "return_to=%2F"), 404, "not_connected");
    }

    @Test
    void disconnectWithAnOpenRedirectIs400AndKeepsTheConnection() {
        connect("google", ALICE);

        assertProblem(
                send("POST", "/saas-connect/disconnect/google", ALICE, "return_to=" + enc("//evil.example")),
                400,
                "invalid_return_to");
        assertThat(store.read(ConnectionId.of("google", "alice")).block()).isNotNull();
    }

    @Test
    void disconnectWithoutASignedInUserIs401() {
        connect("google", ALICE);

        assertProblem(send("DELETE", "/saas-connect/connections/google", Map.of(), null), 401, "unauthenticated");
        assertThat(store.read(ConnectionId.of("google", "alice")).block()).isNotNull();
    }

    // ---- secrets ----

    @Test
    void noStateCodeVerifierOrTokenInAnyAnswerOrLogLine() {
        AuthorizationRedirect first = sandbox.approve(startLocation("google", "/", ALICE));
        callback("google", params(first), ALICE);
        ConnectionRecord record =
                store.read(ConnectionId.of("google", "alice")).block().record();
        callback("google", params(first), ALICE);
        AuthorizationRedirect second = sandbox.approve(startLocation("google", "/", ALICE));
        callback("google", params(second), MALLORY);
        callback("second", params(second), ALICE);
        callback("google", "state=" + enc(second.state()) + "&error=" + enc("<b>x</b>"), ALICE);
        get("/saas-connect/connections", ALICE);

        assertNoSecretLeaked(first, record);
        for (String answer : answers) {
            assertThat(answer)
                    .doesNotContain(second.state())
                    .doesNotContain(second.code())
                    .doesNotContain("<b>");
        }
    }

    @Test
    void theCallbacksCodeAndStateStayOutOfTheFrameworksDebugLogs() {
        List<Logger> frameworks =
                List.of("org.springframework.web", "org.springframework.http", "reactor.netty").stream()
                        .map(name -> (Logger) LoggerFactory.getLogger(name))
                        .toList();
        frameworks.forEach(l -> l.setLevel(Level.DEBUG));
        try {
            AuthorizationRedirect approved = sandbox.approve(startLocation("google", "/", ALICE));
            assertThat(callback("google", params(approved), ALICE).statusCode()).isEqualTo(302);

            List<String> frameworkLines = logs.list.stream()
                    .filter(e -> !e.getLoggerName().startsWith("io.github.saasconnect"))
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
            assertThat(frameworkLines)
                    .as("the framework's request lines")
                    .anySatisfy(line -> assertThat(line).contains("/saas-connect/callback/google"));
            assertThat(frameworkLines)
                    .allSatisfy(line -> assertThat(line)
                            .doesNotContain(approved.state())
                            .doesNotContain(enc(approved.state()))
                            .doesNotContain(approved.code())
                            .doesNotContain(enc(approved.code())));
        } finally {
            frameworks.forEach(l -> l.setLevel(null));
        }
    }

    // ---- helpers ----

    private void assertNoSecretLeaked(AuthorizationRedirect approved, ConnectionRecord record) {
        String verifier = query(URI.create("http://x/?"
                        + sandbox.requests().of(Endpoint.TOKEN).get(0).body()))
                .get("code_verifier");
        List<String> secrets = List.of(
                approved.state(),
                approved.code(),
                verifier,
                record.accessToken().reveal(),
                record.refreshToken().reveal());
        List<String> lines = new ArrayList<>(answers);
        logs.list.forEach(e -> lines.add(e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("an answer or log line").doesNotContain(secret);
            }
        }
    }

    private void connect(String registration, Map<String, String> owner) {
        AuthorizationRedirect approved = sandbox.approve(startLocation(registration, "/", owner));
        assertThat(callback(registration, params(approved), owner).statusCode()).isEqualTo(302);
    }

    private URI startLocation(String registration, String returnTo, Map<String, String> owner) {
        HttpResponse<String> r = start(registration, enc(returnTo), owner);
        assertThat(r.statusCode()).isEqualTo(303);
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> callback(String registration, String query, Map<String, String> owner) {
        return get("/saas-connect/callback/" + registration + "?" + query, owner);
    }

    private static String params(AuthorizationRedirect approved) {
        return "state=" + enc(approved.state()) + "&code=" + enc(approved.code());
    }

    private HttpResponse<String> start(String registration, String encodedReturnTo, Map<String, String> owner) {
        return record(
                "/saas-connect/connect/" + registration,
                TestApp.startConnect(app.baseUrl(), registration, encodedReturnTo, owner));
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) {
        return record(path, TestApp.get(app.url(path), headers));
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers, String form) {
        return record(path, TestApp.send(method, app.url(path), headers, form));
    }

    private HttpResponse<String> record(String path, HttpResponse<String> r) {
        // The redirect to the provider is the one answer that must carry the state: leave its headers out.
        boolean toProvider = path.startsWith("/saas-connect/connect/") && r.statusCode() / 100 == 3;
        answers.add(r.statusCode() + " " + (toProvider ? "" : r.headers().map()) + " " + r.body());
        return r;
    }

    private void assertProblem(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(r.body()).contains("\"error\":\"" + error + "\"").contains("\"detail\":\"");
    }

    private void assertNothingStored() {
        assertThat(store.read(ConnectionId.of("google", "alice")).block()).isNull();
        assertThat(store.read(ConnectionId.of("second", "alice")).block()).isNull();
    }

    private int pendingCount() {
        PendingAuthorizationStore pending = app.bean(PendingAuthorizationStore.class);
        return ((InMemoryPendingAuthorizationStore) pending).size();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            m.putIfAbsent(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
