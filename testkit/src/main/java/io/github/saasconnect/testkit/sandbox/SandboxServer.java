package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.sandbox.internal.Route;
import io.github.saasconnect.testkit.sandbox.internal.SandboxRequest;
import io.github.saasconnect.testkit.sandbox.internal.SandboxResponse;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The loopback HTTP server behind a sandbox: routes a request, records it, applies latency and faults, and writes
 * the handler's answer. Handlers run synchronously on the event loop; they only touch in-memory state.
 *
 * <p>The server runs on an event loop of its own, not on Reactor Netty's global one: a WebFlux application under
 * test disposes the global loops when its context closes, which would leave a sandbox that outlives it unable to
 * answer or to stop.
 */
final class SandboxServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxServer.class);

    private final String name;
    private final List<Route> routes;
    private final Faults faults;
    private final RequestLog requests;
    private final Clock clock;
    private final Supplier<Duration> latency;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private LoopResources loops;
    private DisposableServer server;

    SandboxServer(
            String name,
            List<Route> routes,
            Faults faults,
            RequestLog requests,
            Clock clock,
            Supplier<Duration> latency) {
        this.name = name;
        this.routes = List.copyOf(routes);
        this.faults = faults;
        this.requests = requests;
        this.clock = clock;
        this.latency = latency;
    }

    void start() {
        loops = LoopResources.create(name + "-sandbox", 1, 1, true);
        try {
            server = HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .runOn(loops)
                    .channelGroup(channels)
                    .handle(this::serve)
                    .bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            loops.dispose();
            throw e;
        }
        log.debug("{} sandbox listening on {}", name, baseUrl());
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                channels.close().awaitUninterruptibly(2_000);
                server.disposeNow(Duration.ofSeconds(5));
            } finally {
                loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
            }
        }
    }

    private Mono<Void> serve(HttpServerRequest nettyRequest, HttpServerResponse nettyResponse) {
        return nettyRequest
                .receive()
                .aggregate()
                .asString(StandardCharsets.UTF_8)
                .defaultIfEmpty("")
                .flatMap(body -> answer(nettyRequest, nettyResponse, toRequest(nettyRequest, body)));
    }

    private Mono<Void> answer(
            HttpServerRequest nettyRequest, HttpServerResponse nettyResponse, SandboxRequest request) {
        Optional<Matched> matched = route(request);
        Endpoint endpoint = matched.map(m -> m.route().endpoint()).orElse(Endpoint.UNKNOWN);
        requests.record(new RecordedRequest(
                endpoint,
                request.method(),
                request.path(),
                request.rawQuery(),
                request.headers(),
                request.body(),
                clock.instant()));
        Fault fault = faults.take(endpoint).orElse(null);
        SandboxResponse response = null;
        if (fault == null || fault.processesRequest()) {
            response = matched.map(m -> invoke(m, request)).orElseGet(() -> notFound(request));
        }
        Duration wait = latency.get();
        if (fault != null) {
            log.debug("{} sandbox: {} {} -> {}", name, request.method(), request.path(), fault);
            switch (fault.kind()) {
                case RESET:
                    return delay(wait).then(Mono.fromRunnable(() -> reset(nettyRequest)));
                case NO_RESPONSE:
                    return Mono.never();
                case DELAY:
                    wait = wait.plus(fault.delay());
                    break;
                case RESPOND:
                    response = fault.response();
                    break;
                default:
                    throw new IllegalStateException("Unknown fault " + fault);
            }
        }
        SandboxResponse finalResponse = response;
        return delay(wait).then(Mono.defer(() -> write(nettyResponse, finalResponse)));
    }

    private Optional<Matched> route(SandboxRequest request) {
        for (Route route : routes) {
            Optional<Map<String, String>> variables = route.match(request.path());
            if (variables.isPresent() && route.methods().contains(request.method())) {
                return Optional.of(new Matched(route, variables.get()));
            }
        }
        return Optional.empty();
    }

    private SandboxResponse invoke(Matched matched, SandboxRequest request) {
        try {
            return matched.route().handler().handle(request.withPathVariables(matched.variables()));
        } catch (RuntimeException failure) {
            log.warn("{} sandbox failed on {} {}", name, request.method(), request.path(), failure);
            return SandboxResponse.text(500, "Sandbox handler failed: " + failure);
        }
    }

    private SandboxResponse notFound(SandboxRequest request) {
        boolean pathExists =
                routes.stream().anyMatch(route -> route.match(request.path()).isPresent());
        return pathExists
                ? SandboxResponse.html(405, "<!DOCTYPE html><title>405 Method Not Allowed</title>")
                : SandboxResponse.html(404, "<!DOCTYPE html><title>404 Not Found</title><p>Not Found</p>");
    }

    private static Mono<Void> delay(Duration wait) {
        return wait.isZero() || wait.isNegative()
                ? Mono.empty()
                : Mono.delay(wait).then();
    }

    private static void reset(HttpServerRequest nettyRequest) {
        nettyRequest.withConnection(connection -> {
            connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            connection.channel().close();
        });
    }

    private static Mono<Void> write(HttpServerResponse nettyResponse, SandboxResponse response) {
        nettyResponse.status(response.status());
        response.headers().forEach(nettyResponse::header);
        nettyResponse.header("Content-Length", Integer.toString(response.body().length));
        if (response.body().length == 0) {
            return nettyResponse.send();
        }
        return nettyResponse.sendByteArray(Mono.just(response.body())).then();
    }

    private static SandboxRequest toRequest(HttpServerRequest nettyRequest, String body) {
        String uri = nettyRequest.uri();
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        String rawQuery = question < 0 ? "" : uri.substring(question + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        nettyRequest
                .requestHeaders()
                .forEach(entry -> headers.computeIfAbsent(entry.getKey(), key -> new ArrayList<>())
                        .add(entry.getValue()));
        return new SandboxRequest(nettyRequest.method().name(), decodePath(rawPath), rawQuery, headers, body);
    }

    private static String decodePath(String rawPath) {
        try {
            String path = URI.create("http://sandbox" + rawPath).getPath();
            return path == null || path.isEmpty() ? "/" : path;
        } catch (IllegalArgumentException malformed) {
            return rawPath;
        }
    }

    private record Matched(Route route, Map<String, String> variables) {}
}
