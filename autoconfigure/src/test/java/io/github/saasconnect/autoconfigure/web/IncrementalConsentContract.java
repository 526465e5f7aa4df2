package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connect.ConnectionView;
import io.github.saasconnect.connect.Connections;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.event.ScopesMissingEvent;
import io.github.saasconnect.store.InMemoryTokenStore;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Incremental consent over real HTTP against the Google sandbox with the real {@code google} type, the same for
 * Spring MVC and WebFlux: scopes per connect within {@code optional-scopes}, {@code include_granted_scopes}, a
 * partial grant (the user unticked a scope) reported with a reconnect URL, and an upgrade that keeps the connection.
 */
abstract class IncrementalConsentContract {

    private static final Map<String, String> ALICE = Map.of(HeaderOwners.HEADER, "alice");
    private static final String DRIVE = "https://www.googleapis.com/auth/drive.readonly";
    private static final String CALENDAR = "https://www.googleapis.com/auth/calendar.readonly";
    private static final ConnectionId ALICE_GOOGLE = ConnectionId.of("google", "alice");

    private final GoogleSandbox sandbox = GoogleSandbox.start();
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private TestApp app;

    abstract TestApp.Stack stack();

    @BeforeEach
    void start() {
        Object owners = stack() == TestApp.Stack.MVC ? HeaderOwners.mvc() : HeaderOwners.webFlux();
        List<String> properties = new ArrayList<>(List.of(
                "saas-connect.connect.reconnect-url=https://app.example/settings/connections",
                "saas-connect.providers.google.type=google",
                "saas-connect.providers.google.scopes=openid,email",
                "saas-connect.providers.google.optional-scopes=" + DRIVE + "," + CALENDAR,
                "saas-connect.providers.google.authorization-uri=" + sandbox.authorizationEndpoint(),
                "saas-connect.providers.google.token-uri=" + sandbox.tokenEndpoint(),
                "saas-connect.providers.google.revocation-uri=" + sandbox.revocationEndpoint(),
                "saas-connect.providers.google.options.issuer=" + sandbox.issuer(),
                "saas-connect.providers.generic.type=oauth2",
                "saas-connect.providers.generic.scopes=openid",
                "saas-connect.providers.generic.optional-scopes=" + DRIVE,
                "saas-connect.providers.generic.authorization-uri=" + sandbox.authorizationEndpoint(),
                "saas-connect.providers.generic.token-uri=" + sandbox.tokenEndpoint(),
                "saas-connect.providers.generic.rotation=none"));
        for (String id : List.of("google", "generic")) {
            properties.add("saas-connect.providers." + id + ".client-id="
                    + sandbox.client().clientId());
            properties.add("saas-connect.providers." + id + ".client-secret="
                    + sandbox.client().clientSecret());
        }
        ApplicationListener<ApplicationEvent> listener = event -> {
            if (event instanceof PayloadApplicationEvent<?> payload) {
                events.add(payload.getPayload());
            }
        };
        app = TestApp.start(
                stack(),
                Map.of(
                        "tokenStore",
                        store,
                        "clock",
                        MutableClock.startingNow(),
                        "owners",
                        owners,
                        "consentEvents",
                        listener),
                List.of(),
                properties.toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        sandbox.close();
    }

    @Test
    void aPartialGrantIsStoredAndReportedAsMissingScopesWithAReconnectUrl() {
        URI authorization = startLocation("google", List.of(DRIVE));
        Map<String, List<String>> asked = query(authorization);
        assertThat(asked.get("scope").get(0).split(" ")).contains("openid", "email", DRIVE);
        assertThat(asked.get("include_granted_scopes")).containsExactly("true");
        sandbox.grantOnly("openid", "email"); // the user unticks Drive on the consent screen

        HttpResponse<String> callback = callback("google", sandbox.approve(authorization));

        assertThat(callback.statusCode()).isEqualTo(302);
        Map<String, List<String>> back =
                query(URI.create(callback.headers().firstValue("Location").orElseThrow()));
        assertThat(back)
                .containsEntry("connected", List.of("google"))
                .containsEntry("connect_error", List.of("missing_scopes"))
                .containsEntry("missing_scope", List.of(DRIVE));
        // stored all the same: the tokens work for what was granted
        VersionedRecord stored = store.read(ALICE_GOOGLE).block();
        assertThat(stored.record().scopes()).isNotEmpty().doesNotContain(DRIVE);
        ScopesMissingEvent missing = only(ScopesMissingEvent.class);
        assertThat(missing.connection()).isEqualTo(ALICE_GOOGLE);
        assertThat(missing.missing()).containsExactly(DRIVE);
        URI reconnect = missing.reconnectUri();
        assertThat(reconnect.toString()).startsWith("https://app.example/settings/connections?");
        assertThat(query(reconnect))
                .containsExactly(Map.entry("registration", List.of("google")), Map.entry("scope", List.of(DRIVE)));
    }

    @Test
    void anUpgradeAddsAScopeToTheSameConnectionAndKeepsItsTags() {
        callback("google", sandbox.approve(startLocation("google", List.of())));
        Connections connections = app.bean(Connections.class);
        connections.tag(ALICE_GOOGLE, Map.of("plan", "pro")).block();
        VersionedRecord before = store.read(ALICE_GOOGLE).block();
        assertThat(before.record().scopes()).doesNotContain(DRIVE);

        HttpResponse<String> upgraded = callback("google", sandbox.approve(startLocation("google", List.of(DRIVE))));

        assertThat(upgraded.headers().firstValue("Location").orElseThrow())
                .endsWith("?connected=google")
                .doesNotContain("connect_error");
        VersionedRecord after = store.read(ALICE_GOOGLE).block();
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.record().id()).isEqualTo(ALICE_GOOGLE);
        assertThat(after.record().tags()).isEqualTo(before.record().tags());
        // include_granted_scopes: the new grant carries the earlier scopes as well as the new one
        assertThat(after.record().scopes())
                .contains(DRIVE)
                .containsAll(before.record().scopes());
        ConnectionView view = connections.find(ALICE_GOOGLE).block();
        assertThat(view.scopes()).contains(DRIVE);
        assertThat(view.tags()).containsEntry("plan", "pro");
        assertThat(events).noneMatch(ScopesMissingEvent.class::isInstance);
    }

    @Test
    void aScopeOutsideTheAllowedSetIsRefusedAndStartsNothing() {
        HttpResponse<String> r = start("google", List.of("https://mail.google.com/"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body())
                .contains("\"error\":\"scope_not_allowed\"")
                .contains("https://mail.google.com/")
                .contains("saas-connect.providers.google.optional-scopes");
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(sandbox.requestCount(Endpoint.AUTHORIZATION)).isZero();
    }

    @Test
    void onlyGoogleIsAskedToIncludeEarlierGrants() {
        Map<String, List<String>> generic = query(startLocation("generic", List.of(DRIVE)));

        assertThat(generic).doesNotContainKey("include_granted_scopes");
        assertThat(generic.get("scope").get(0).split(" ")).contains("openid", DRIVE);
        assertThat(query(startLocation("google", List.of()))).containsEntry("include_granted_scopes", List.of("true"));
    }

    // ---- helpers ----

    private <T> T only(Class<T> type) {
        List<T> matching =
                events.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private URI startLocation(String registration, List<String> scopes) {
        HttpResponse<String> r = start(registration, scopes);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return URI.create(r.headers().firstValue("Location").orElseThrow());
    }

    private HttpResponse<String> start(String registration, List<String> scopes) {
        Map<String, String> headers = new HashMap<>(ALICE);
        headers.putAll(TestApp.SAME_ORIGIN);
        StringBuilder form = new StringBuilder("return_to=%2Fhome");
        scopes.forEach(s -> form.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8)));
        return TestApp.send("POST", app.url("/saas-connect/connect/" + registration), headers, form.toString());
    }

    private HttpResponse<String> callback(String registration, AuthorizationRedirect approved) {
        return TestApp.get(
                app.url("/saas-connect/callback/" + registration + "?state="
                        + URLEncoder.encode(approved.state(), StandardCharsets.UTF_8) + "&code="
                        + URLEncoder.encode(approved.code(), StandardCharsets.UTF_8)),
                ALICE);
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            m.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }
}
