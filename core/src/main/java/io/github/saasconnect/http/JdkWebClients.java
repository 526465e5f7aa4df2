package io.github.saasconnect.http;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The transport SaaS Connect calls providers with when the application has no {@code WebClient.Builder} of its own:
 * WebClient on the JDK's {@link HttpClient} ({@link JdkClientHttpConnector}). Chosen so that the starter brings no
 * HTTP client library: adding it leaves the client Spring Boot detects for the application's own {@code RestClient}
 * as it was. An application that has a {@code WebClient.Builder} (a reactive app on Reactor Netty) lends it instead,
 * so our calls share its connector and event loops.
 *
 * <p>The client speaks HTTP/1.1, as Reactor Netty does by default (no {@code h2c} upgrade dance on plain
 * connections). Like a browser, it sends an idempotent request (a GET) once more when the connection closes before
 * any answer; a POST, and so every token request, is never sent twice. It never follows redirects (a token request that is redirected is answered
 * as the error it is, and a bearer token never follows a redirect to another host), and gives up connecting after
 * {@link #CONNECT_TIMEOUT}; whole-request timeouts are the callers' ({@code saas-connect.token.request-timeout}).
 */
public final class JdkWebClients {

    /** The most to wait for a TCP and TLS connection to a provider. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private JdkWebClients() {}

    /**
     * A new builder on a new JDK {@link HttpClient}, which holds a selector thread and a connection pool: build once
     * and keep the client.
     */
    public static WebClient.Builder builder() {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return WebClient.builder().clientConnector(new JdkClientHttpConnector(client));
    }
}
