package io.github.saasconnect.testkit.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.SandboxHttp.Reply;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import io.github.saasconnect.testkit.sandbox.internal.FormCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared fault knobs, exercised through the Google sandbox's token endpoint. */
class FaultInjectionTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    private final SandboxHttp http = new SandboxHttp();
    private GoogleSandbox sandbox;
    private SeededConnection connection;

    @BeforeEach
    void start() {
        sandbox = GoogleSandbox.start(SandboxOptions.defaults().withClock(clock));
        connection = sandbox.connect(sandbox.user("alice"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void htmlServerErrorIsA500HtmlPage() {
        sandbox.faults().nextTokenResponse(Fault.htmlServerError());

        Reply reply = refresh();

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.contentType()).startsWith("text/html");
        assertThat(reply.body()).startsWith("<!DOCTYPE html>");
    }

    @Test
    void serviceUnavailableIsA503HtmlPageWithoutRetryAfter() {
        sandbox.faults().nextTokenResponse(Fault.serviceUnavailable());

        Reply reply = refresh();

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("text/html");
        assertThat(reply.header("retry-after")).isNull();
    }

    @Test
    void malformedJsonIsA200WithATruncatedBody() {
        sandbox.faults().nextTokenResponse(Fault.malformedJson());

        Reply reply = refresh();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThatThrownBy(reply::json).isInstanceOf(RuntimeException.class);
    }

    @Test
    void emptyBodyIsA200WithNothing() {
        sandbox.faults().nextTokenResponse(Fault.emptyBody());

        Reply reply = refresh();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void tooManyRequestsCarriesRetryAfterSeconds() {
        sandbox.faults().nextTokenResponse(Fault.tooManyRequests(Duration.ofSeconds(7)), Fault.tooManyRequests());

        Reply withHeader = refresh();
        Reply without = refresh();

        assertThat(withHeader.status()).isEqualTo(429);
        assertThat(withHeader.header("retry-after")).isEqualTo("7");
        assertThat(without.status()).isEqualTo(429);
        assertThat(without.header("retry-after")).isNull();
    }

    @Test
    void connectionResetFailsTheRequestWithAnIoError() {
        sandbox.faults().nextTokenResponse(Fault.connectionReset());

        assertThatThrownBy(() -> http.sendRaw(refreshRequest(Duration.ofSeconds(5))))
                .isInstanceOf(IOException.class);
        assertThat(refresh().status()).as("the next request is answered").isEqualTo(200);
    }

    @Test
    void connectionResetIsATcpResetNotACleanClose() throws IOException {
        sandbox.faults().nextTokenResponse(Fault.connectionReset());

        try (Socket socket = new Socket("127.0.0.1", sandbox.baseUrl().getPort())) {
            socket.setSoTimeout(5_000);
            String body = "grant_type=refresh_token";
            String request = "POST /token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();

            assertThatThrownBy(() -> {
                        while (in.read() >= 0) {
                            // drain until the reset surfaces
                        }
                    })
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void noResponseLeavesTheClientToTimeOut() {
        sandbox.faults().nextTokenResponse(Fault.noResponse());

        assertThatThrownBy(() -> http.sendRaw(refreshRequest(Duration.ofMillis(300))))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void slowResponseAnswersAfterTheDelay() throws IOException {
        sandbox.faults().nextTokenResponse(Fault.slowResponse(Duration.ofMillis(400)));

        assertThatThrownBy(() -> http.sendRaw(refreshRequest(Duration.ofMillis(100))))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(http.sendRaw(refreshRequest(Duration.ofSeconds(5))).status()).isEqualTo(200);
    }

    @Test
    void faultAfterProcessingLetsTheStateChangeHappen() {
        SandboxUser bob = sandbox.user("bob");
        SeededConnection bobs = sandbox.connect(bob);
        sandbox.faults().nextRevocationResponse(Fault.connectionReset().afterProcessing());

        assertThatThrownBy(() -> http.postForm(sandbox.revocationEndpoint(), Map.of("token", bobs.accessToken())))
                .isInstanceOf(RuntimeException.class);

        assertThat(sandbox.isAccessTokenValid(bobs.accessToken())).isFalse();
    }

    @Test
    void standingFaultAppliesUntilCleared() {
        sandbox.faults().always(Endpoint.TOKEN, Fault.serviceUnavailable());

        assertThat(refresh().status()).isEqualTo(503);
        assertThat(refresh().status()).isEqualTo(503);
        sandbox.faults().clear();
        assertThat(refresh().status()).isEqualTo(200);
    }

    @Test
    void requestsAreCountedPerEndpointIncludingFaultedOnes() {
        sandbox.faults().nextTokenResponse(Fault.htmlServerError());

        refresh();
        refresh();
        http.get(sandbox.discoveryUrl());

        assertThat(sandbox.requestCount(Endpoint.TOKEN)).isEqualTo(2);
        assertThat(sandbox.requestCount(Endpoint.DISCOVERY)).isEqualTo(1);
        assertThat(sandbox.requests().last(Endpoint.TOKEN).orElseThrow().header("authorization"))
                .startsWith("Basic ");
        assertThat(sandbox.requests().last(Endpoint.TOKEN).orElseThrow().receivedAt())
                .isEqualTo(clock.instant());
    }

    @Test
    void latencyDelaysEveryResponse() {
        sandbox.latency(Duration.ofMillis(250));

        long started = System.nanoTime();
        refresh();
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        assertThat(elapsedMillis).isGreaterThanOrEqualTo(250);
    }

    @Test
    void requestLogTellsWhenARequestArrivedWhileItsAnswerIsStillHeldBack() throws Exception {
        sandbox.faults().nextTokenResponse(Fault.slowResponse(Duration.ofSeconds(30)));
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> answer =
                client.sendAsync(refreshRequest(Duration.ofSeconds(60)), HttpResponse.BodyHandlers.ofString());

        assertThat(sandbox.requests().await(Endpoint.TOKEN, 1, Duration.ofSeconds(10)))
                .isTrue();
        assertThat(answer).isNotDone();
        assertThat(sandbox.requests().await(Endpoint.TOKEN, 2, Duration.ofMillis(50)))
                .isFalse();
        answer.cancel(true);
    }

    private Reply refresh() {
        return http.postForm(
                sandbox.tokenEndpoint(),
                Map.of("grant_type", "refresh_token", "refresh_token", connection.refreshToken()),
                "Authorization",
                SandboxHttp.basic(sandbox.client().clientId(), sandbox.client().clientSecret()));
    }

    private HttpRequest refreshRequest(Duration timeout) {
        return HttpRequest.newBuilder(sandbox.tokenEndpoint())
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "Authorization",
                        SandboxHttp.basic(
                                sandbox.client().clientId(), sandbox.client().clientSecret()))
                .POST(HttpRequest.BodyPublishers.ofString(FormCodec.encode(
                        Map.of("grant_type", "refresh_token", "refresh_token", connection.refreshToken()))))
                .build();
    }
}
