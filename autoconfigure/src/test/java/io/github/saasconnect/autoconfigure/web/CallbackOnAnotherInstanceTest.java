package io.github.saasconnect.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.sas.AuthorizationResponse;
import io.github.saasconnect.autoconfigure.sas.AuthorizationServerFixture;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.file.FilePendingAuthorizationStore;
import io.github.saasconnect.store.file.FileStoreKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of an application share one token store and one pending-authorization backend (two handles on
 * one encrypted directory, as two processes would open it). The user starts on instance A (Spring MVC), approves
 * on Spring Authorization Server's real login and consent pages, and the callback lands on instance B
 * (WebFlux): B completes the connection, and the state is spent for A too.
 */
class CallbackOnAnotherInstanceTest {

    @TempDir
    Path pendingDir;

    @Test
    void aCallbackServedByASecondInstanceCompletesTheConnection() {
        FileStoreKey key = FileStoreKey.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));
        InMemoryTokenStore shared = new InMemoryTokenStore();
        Clock clock = Clock.systemUTC();
        try (AuthorizationServerFixture sas = AuthorizationServerFixture.builder()
                        .redirectUri("http://127.0.0.1/saas-connect/callback/sas")
                        .start();
                TestApp a = instance(
                        TestApp.Stack.MVC,
                        sas,
                        shared,
                        FilePendingAuthorizationStore.open(pendingDir, key, clock),
                        HeaderOwners.mvc());
                TestApp b = instance(
                        TestApp.Stack.WEBFLUX,
                        sas,
                        shared,
                        FilePendingAuthorizationStore.open(pendingDir, key, clock),
                        HeaderOwners.webFlux())) {
            Map<String, String> alice = Map.of(HeaderOwners.HEADER, "alice");

            HttpResponse<String> start = TestApp.startConnect(a.baseUrl(), "sas", "%2Fdone", alice);
            assertThat(start.statusCode()).isEqualTo(303);
            AuthorizationResponse approved = sas.userAgent()
                    .approve(URI.create(start.headers().firstValue("Location").orElseThrow()));
            String query = "?state=" + enc(approved.state()) + "&code=" + enc(approved.code());

            HttpResponse<String> onB = TestApp.get(b.url("/saas-connect/callback/sas" + query), alice);

            assertThat(onB.statusCode()).as(onB.body()).isEqualTo(302);
            assertThat(onB.headers().firstValue("Location")).contains("/done?connected=sas");
            ConnectionRecord record =
                    shared.read(ConnectionId.of("sas", "alice")).block().record();
            assertThat(record.status()).isEqualTo(ConnectionStatus.ACTIVE);
            assertThat(record.scopes()).contains("read");
            HttpResponse<String> againOnA = TestApp.get(a.url("/saas-connect/callback/sas" + query), alice);
            assertThat(againOnA.statusCode()).isEqualTo(400);
            assertThat(againOnA.body()).contains("state_unknown");
            assertThat(TestApp.get(a.url("/saas-connect/connections"), alice).body())
                    .contains("\"ACTIVE\"");
        }
    }

    private static TestApp instance(
            TestApp.Stack stack,
            AuthorizationServerFixture sas,
            InMemoryTokenStore store,
            FilePendingAuthorizationStore pending,
            Object owners) {
        String p = "saas-connect.providers.sas.";
        return TestApp.start(
                stack,
                Map.of("tokenStore", store, "pendingStore", pending, "owners", owners),
                List.of(),
                p + "type=oauth2",
                p + "client-id=" + sas.clientId(),
                p + "client-secret=" + sas.clientSecret(),
                p + "authorization-uri=" + sas.authorizationEndpoint(),
                p + "token-uri=" + sas.tokenEndpoint(),
                p + "scopes=read,write");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
