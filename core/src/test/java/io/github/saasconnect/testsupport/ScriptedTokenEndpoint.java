package io.github.saasconnect.testsupport;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A loopback token endpoint for core tests: issues refresh tokens with strict rotation (or none), counts
 * requests, adds latency, answers in JSON or form encoding, records what it received (token and RFC 7009
 * revocation requests), and plays scripted faults (HTML 500, 503, 429, errors with HTTP 200, reset, hang,
 * malformed or empty bodies). A scripted fault answers a request before its refresh token is looked at, so
 * it never consumes one.
 */
public final class ScriptedTokenEndpoint implements AutoCloseable {

    /** A scripted answer for the next token request. */
    public sealed interface Fault permits Status, Reset, Hang {}

    /** Answer with this status, content type ({@code null}: none) and body. */
    public record Status(int status, String contentType, String body, Map<String, String> headers) implements Fault {}

    /** Close the connection without answering (the request was received). */
    public record Reset() implements Fault {}

    /** Never answer. */
    public record Hang() implements Fault {}

    /** A request as the endpoint received it. */
    public record Request(String path, String authorization, Map<String, String> form) {}

    /** An HTML error page with {@code status}, as a proxy or load balancer sends it. */
    public static Status htmlPage(int status) {
        return new Status(
                status,
                "text/html; charset=utf-8",
                "<html><head><title>" + status + "</title></head><body><h1>Something went wrong</h1></body></html>",
                Map.of());
    }

    /** A JSON body with {@code status}. */
    public static Status jsonBody(int status, String body) {
        return jsonBody(status, body, Map.of());
    }

    /** A JSON body with {@code status} and extra headers. */
    public static Status jsonBody(int status, String body, Map<String, String> headers) {
        return new Status(status, "application/json;charset=UTF-8", body, headers);
    }

    /** A form-encoded body with {@code status}. */
    public static Status formBody(int status, String body) {
        return new Status(status, "application/x-www-form-urlencoded; charset=utf-8", body, Map.of());
    }

    /** No body and no content type. */
    public static Status emptyBody(int status) {
        return new Status(status, null, "", Map.of());
    }

    private final DisposableServer server;
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicLong counter = new AtomicLong();
    private final Set<String> liveRefreshTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> usedRefreshTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Request> revocations = new CopyOnWriteArrayList<>();
    private volatile boolean strictRotation = true;
    private volatile boolean formEncoded;
    private volatile long expiresIn = 3600;
    private volatile Long refreshTokenExpiresIn;
    private volatile String scope = "read write";
    private volatile Duration latency = Duration.ZERO;
    private final AtomicInteger invalidGrants = new AtomicInteger();
    private volatile String lastAuthorization;
    private volatile Map<String, String> lastForm = Map.of();

    public ScriptedTokenEndpoint() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .childOption(ChannelOption.SO_LINGER, 0)
                .route(r -> r.post("/token", this::token).post("/revoke", this::revoke))
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
        String rt = "rt-" + counter.incrementAndGet() + "-" + UUID.randomUUID();
        liveRefreshTokens.add(rt);
        issued.add(rt);
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

    /** Adds {@code refresh_token_expires_in} to token responses ({@code null}: leave it out). */
    public ScriptedTokenEndpoint refreshTokenExpiresIn(Long seconds) {
        this.refreshTokenExpiresIn = seconds;
        return this;
    }

    /** The granted {@code scope} sent in token responses. */
    public ScriptedTokenEndpoint scope(String scope) {
        this.scope = scope;
        return this;
    }

    /** Answers token requests form-encoded, as GitHub does without {@code Accept: application/json}. */
    public ScriptedTokenEndpoint formEncodedResponses(boolean formEncoded) {
        this.formEncoded = formEncoded;
        return this;
    }

    public ScriptedTokenEndpoint latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    public ScriptedTokenEndpoint enqueue(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    public void revokeAll() {
        liveRefreshTokens.clear();
    }

    /**
     * Uses {@code refreshToken} as another holder would: consumes it (strict rotation) and returns the new
     * access and refresh token, or {@code null} when the endpoint does not accept it.
     */
    public String[] refreshAsAnotherHolder(String refreshToken) {
        if (!liveRefreshTokens.remove(refreshToken)) {
            return null;
        }
        usedRefreshTokens.add(refreshToken);
        return new String[] {newAccessToken(), issueRefreshToken()};
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

    /** Every token request received, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every revocation request received, in order. */
    public List<Request> revocations() {
        return List.copyOf(revocations);
    }

    /** Every access and refresh token this endpoint has issued. */
    public Set<String> issuedTokens() {
        return Set.copyOf(issued);
    }

    public boolean isLive(String refreshToken) {
        return liveRefreshTokens.contains(refreshToken);
    }

    private Mono<Void> token(HttpServerRequest req, HttpServerResponse res) {
        tokenRequests.incrementAndGet();
        String authorization = req.requestHeaders().get("Authorization");
        lastAuthorization = authorization;
        return req.receive()
                .aggregate()
                .asString()
                .defaultIfEmpty("")
                .delayElement(latency.isZero() ? Duration.ofNanos(1) : latency)
                .flatMap(body -> {
                    Map<String, String> form = parse(body);
                    lastForm = form;
                    requests.add(new Request("/token", authorization, form));
                    Fault fault = faults.poll();
                    if (fault instanceof Reset) {
                        return res.withConnection(c -> c.channel().close()).then();
                    }
                    if (fault instanceof Hang) {
                        return Mono.never();
                    }
                    if (fault instanceof Status s) {
                        s.headers().forEach(res::header);
                        if (s.contentType() != null) {
                            res.header("Content-Type", s.contentType());
                        }
                        return res.status(s.status())
                                .sendString(Mono.just(s.body()))
                                .then();
                    }
                    return answer(form, res);
                });
    }

    private Mono<Void> revoke(HttpServerRequest req, HttpServerResponse res) {
        String authorization = req.requestHeaders().get("Authorization");
        return req.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
            Map<String, String> form = parse(body);
            revocations.add(new Request("/revoke", authorization, form));
            liveRefreshTokens.remove(form.get("token"));
            return res.status(200).send().then();
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
                return json(
                        res, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token is invalid\"}");
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
        String at = newAccessToken();
        if (formEncoded) {
            StringBuilder body = new StringBuilder("access_token=")
                    .append(encode(at))
                    .append("&expires_in=")
                    .append(expiresIn);
            if (newRefresh != null) {
                body.append("&refresh_token=").append(encode(newRefresh));
            }
            if (refreshTokenExpiresIn != null) {
                body.append("&refresh_token_expires_in=").append(refreshTokenExpiresIn);
            }
            body.append("&scope=").append(encode(scope)).append("&token_type=bearer");
            return res.status(200)
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                    .sendString(Mono.just(body.toString()))
                    .then();
        }
        return json(
                res,
                200,
                "{\"access_token\":\"" + at + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
                        + (newRefresh == null ? "" : ",\"refresh_token\":\"" + newRefresh + "\"")
                        + (refreshTokenExpiresIn == null
                                ? ""
                                : ",\"refresh_token_expires_in\":" + refreshTokenExpiresIn)
                        + ",\"scope\":\"" + scope + "\"}");
    }

    private String newAccessToken() {
        String at = "at-" + counter.incrementAndGet() + "-" + UUID.randomUUID();
        issued.add(at);
        return at;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Mono<Void> json(HttpServerResponse res, int status, String body) {
        return res.status(status)
                .header("Content-Type", "application/json;charset=UTF-8")
                .header("Cache-Control", "no-store")
                .sendString(Mono.just(body))
                .then();
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
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
