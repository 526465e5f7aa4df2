package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.testkit.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Periodic tokens expire on the server's clock unless renewed; the server can speak HTTPS. */
class TokenRenewalAndTlsTest {

    private final MutableClock clock = MutableClock.at("2026-12-01T00:00:00Z");

    @Test
    @DisplayName("a periodic token expires after its period, and renew-self resets its TTL to the period")
    void periodicToken() {
        try (VaultTestServer server = VaultTestServer.start(VaultTestServer.options()
                .clock(this.clock)
                .periodicToken("app", VaultPolicy.named("app"), Duration.ofHours(24)))) {
            VaultHttp app = new VaultHttp(server.uri(), "app");
            VaultHttp.Reply lookup = app.get("/v1/auth/token/lookup-self");
            assertThat(lookup.data().get("ttl").longValue()).isEqualTo(86_400);
            assertThat(lookup.data().get("period").longValue()).isEqualTo(86_400);
            assertThat(lookup.data().get("renewable").booleanValue()).isTrue();

            this.clock.advance(Duration.ofHours(20));
            assertThat(app.get("/v1/auth/token/lookup-self").data().get("ttl").longValue())
                    .isEqualTo(4 * 3600);
            VaultHttp.Reply renewed = app.post("/v1/auth/token/renew-self", "{}");
            assertThat(renewed.status()).isEqualTo(200);
            this.clock.advance(Duration.ofHours(23));
            assertThat(app.get("/v1/auth/token/lookup-self").status()).isEqualTo(200);

            this.clock.advance(Duration.ofHours(2));
            VaultHttp.Reply expired = app.get("/v1/auth/token/lookup-self");
            assertThat(expired.status()).isEqualTo(403);
            assertThat(expired.firstError()).contains("permission denied");
        }
    }

    @Test
    @DisplayName("the root token never expires and cannot be renewed")
    void rootToken() {
        try (VaultTestServer server =
                VaultTestServer.start(VaultTestServer.options().clock(this.clock))) {
            VaultHttp root = new VaultHttp(server);
            this.clock.advance(Duration.ofDays(3650));

            assertThat(root.get("/v1/auth/token/lookup-self").data().get("ttl").longValue())
                    .isZero();
            assertThat(root.post("/v1/auth/token/renew-self", "{}").status()).isEqualTo(400);
        }
    }

    @Test
    @DisplayName("with tls(true) the server answers over HTTPS with its self-signed certificate, which must be trusted")
    void tls() throws Exception {
        try (VaultTestServer server =
                VaultTestServer.start(VaultTestServer.options().tls(true))) {
            assertThat(server.uri().getScheme()).isEqualTo("https");
            HttpRequest health = HttpRequest.newBuilder(URI.create(server.uri() + "/v1/sys/health"))
                    .build();

            HttpResponse<String> trusted = HttpClient.newBuilder()
                    .sslContext(trusting(VaultTestServer.tlsCertificatePem()))
                    .build()
                    .send(health, HttpResponse.BodyHandlers.ofString());

            assertThat(trusted.statusCode()).isEqualTo(200);
            try {
                HttpClient.newHttpClient().send(health, HttpResponse.BodyHandlers.ofString());
                throw new AssertionError("an untrusted self-signed certificate was accepted");
            } catch (SSLHandshakeException expected) {
                // the default trust store does not know the test certificate
            }
        }
    }

    private static SSLContext trusting(String pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry(
                "vault",
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
