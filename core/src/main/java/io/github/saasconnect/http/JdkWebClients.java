package io.github.saasconnect.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>The JDK client completes every asynchronous response on {@code CompletableFuture}'s default executor, the
 * common {@link ForkJoinPool}, except when that pool's parallelism is below 2 (a JVM with 1 or 2 CPUs): then the JDK
 * starts a new thread for every response, which was 40% of the client's CPU in the minting benchmark. The first
 * builder says so once at INFO with the fix ({@link #threadPerResponseAdvice}).
 */
public final class JdkWebClients {

    /** The most to wait for a TCP and TLS connection to a provider. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(JdkWebClients.class);
    private static final AtomicBoolean ADVISED = new AtomicBoolean();

    private JdkWebClients() {}

    /**
     * The advice for a JVM whose common pool has {@code parallelism} threads: empty from 2 on, else how to stop the
     * JDK client from starting a thread per response.
     */
    static Optional<String> threadPerResponseAdvice(int parallelism) {
        if (parallelism >= 2) {
            return Optional.empty();
        }
        return Optional.of("the JDK HttpClient transport starts a new thread for every response here, because the"
                + " common ForkJoinPool has parallelism " + parallelism + " (it is CPUs - 1); start the JVM with"
                + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=2, or give the application a"
                + " WebClient.Builder (spring-boot-starter-webclient) so provider calls use its connector");
    }

    /**
     * A new builder on a new JDK {@link HttpClient}, which holds a selector thread and a connection pool: build once
     * and keep the client.
     */
    public static WebClient.Builder builder() {
        if (!ADVISED.getAndSet(true)) {
            threadPerResponseAdvice(ForkJoinPool.getCommonPoolParallelism()).ifPresent(log::info);
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return WebClient.builder().clientConnector(new JdkClientHttpConnector(client));
    }
}
