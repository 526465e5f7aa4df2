package io.github.saasconnect.testsupport;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A loopback token endpoint for core tests: issues refresh tokens with strict rotation (or none), counts
 * requests, adds latency, and plays scripted faults (HTML 500, 503, 429, reset, hang, malformed body).
 */
public final class ScriptedTokenEndpoint implements AutoCloseable {

    /** A scripted answer for the next token request. */
    public sealed interface Fault permits Status, Reset, Hang {
    }

    /** Answer with this status, content type and body. */
    public record Status(int status, String contentType, String body, Map<String, String> headers) implements Fault {
    }

    /** Close the connection without answering (the request was received). */
    public record Reset() implements Fault {
    }

    /** Never answer. */
    public record Hang() implements Fault {
    }

    private final DisposableServer server;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicLong counter = new AtomicLong();
    private final Set<String> liveRefreshTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> usedRefreshTokens = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private volatile boolean strictRotation = true;
    private volatile long expiresIn = 3600;
    private volatile Duration latency = Duration.ZERO;
    private final AtomicInteger invalidGrants = new AtomicInteger();
    private volatile String lastAuthorization;
    private volatile Map<String, String> lastForm = Map.of();

    public ScriptedTokenEndpoint() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .childOption(ChannelOption.SO_LINGER, 0)
                .route(r -> r.post("/token", this::token).post("/revoke", (req, res) -> res.status(200).send()))
                .bindNow();
    }

    public URI tokenUri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/token");
    }

    public URI revocationUri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/revoke");
    }

    /** A fresh refresh token the endpoint will accept once. */
    public String issueRefreshToken() {
        String rt = "rt-" + counter.incrementAndGet() + "-" + java.util.UUID.randomUUID();
        liveRefreshTokens.add(rt);
        return rt;
    }

    public ScriptedTokenEndpoint strictRotation(boolean strict) {
        this.strictRotation = strict;
        return this;
    }

    public ScriptedTokenEndpoint expiresIn(long seconds) {
        this.expiresIn = seconds;
        return this;
    }

    public ScriptedTokenEndpoint latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    public ScriptedTokenEndpoint enqueue(Fault... next) {
        faults.addAll(java.util.List.of(next));
        return this;
    }

    public void revokeAll() {
        liveRefreshTokens.clear();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public int invalidGrants() {
        return invalidGrants.get();
    }

    public String lastAuthorization() {
        return lastAuthorization;
    }

    public Map<String, String> lastForm() {
        return lastForm;
    }

    public boolean isLive(String refreshToken) {
        return liveRefreshTokens.contains(refreshToken);
    }

    private Mono<Void> token(HttpServerRequest req, HttpServerResponse res) {
        tokenRequests.incrementAndGet();
        lastAuthorization = req.requestHeaders().get("Authorization");
        return req.receive().aggregate().asString().defaultIfEmpty("")
                .delayElement(latency.isZero() ? Duration.ofNanos(1) : latency)
                .flatMap(body -> {
                    Map<String, String> form = parse(body);
                    lastForm = form;
                    Fault fault = faults.poll();
                    if (fault instanceof Reset) {
                        return res.withConnection(c -> c.channel().close()).then();
                    }
                    if (fault instanceof Hang) {
                        return Mono.never();
                    }
                    if (fault instanceof Status s) {
                        s.headers().forEach(res::header);
                        return res.status(s.status()).header("Content-Type", s.contentType()).sendString(Mono.just(s.body())).then();
                    }
                    return answer(form, res);
                });
    }

    private Mono<Void> answer(Map<String, String> form, HttpServerResponse res) {
        String grant = form.get("grant_type");
        String newRefresh = null;
        if ("refresh_token".equals(grant)) {
            String rt = form.get("refresh_token");
            boolean ok = strictRotation ? liveRefreshTokens.remove(rt) : liveRefreshTokens.contains(rt);
            if (!ok) {
                invalidGrants.incrementAndGet();
                return json(res, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token is invalid\"}");
            }
            usedRefreshTokens.add(rt);
            if (strictRotation) {
                newRefresh = issueRefreshToken();
            }
        } else if ("authorization_code".equals(grant)) {
            newRefresh = issueRefreshToken();
        } else {
            return json(res, 400, "{\"error\":\"unsupported_grant_type\"}");
        }
        String at = "at-" + counter.incrementAndGet();
        return json(res, 200, "{\"access_token\":\"" + at + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
                + (newRefresh == null ? "" : ",\"refresh_token\":\"" + newRefresh + "\"") + ",\"scope\":\"read write\"}");
    }

    private static Mono<Void> json(HttpServerResponse res, int status, String body) {
        return res.status(status).header("Content-Type", "application/json;charset=UTF-8")
                .header("Cache-Control", "no-store").sendString(Mono.just(body)).then();
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
