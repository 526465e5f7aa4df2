package io.github.saasconnect.testkit.vault;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Reactor Netty handler: reads the whole body, runs the transport checks, injects faults, routes, records the
 * request, and sends (or withholds) the answer.
 */
final class VaultHttpHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger logger = LoggerFactory.getLogger(VaultTestServer.class);

    private static final byte[] NO_BODY = new byte[0];

    private final VaultRouter router;

    private final Faults faults;

    private final RequestLog log;

    private final Clock clock;

    VaultHttpHandler(VaultRouter router, Faults faults, RequestLog log, Clock clock) {
        this.router = router;
        this.faults = faults;
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        return request.receive()
                .aggregate()
                .asByteArray()
                .defaultIfEmpty(NO_BODY)
                .flatMap((body) -> {
                    VaultRequest vaultRequest = VaultRequest.of(
                            request.method().name(), request.uri(), request.requestHeaders()::get, body);
                    Exchange exchange = exchange(vaultRequest);
                    return send(response, exchange).onErrorResume((ex) -> Mono.empty());
                });
    }

    private record Exchange(VaultResponse response, Fault fault) {}

    private Exchange exchange(VaultRequest request) {
        Fault fault = null;
        VaultResponse response;
        try {
            request.validate();
            fault = this.faults.strike(request.method(), relativePath(request));
            if (fault != null && fault.action() == Fault.Action.ERROR && !fault.handledFirst()) {
                response = faultResponse(fault, request);
            } else {
                response = this.router.route(request);
            }
        } catch (VaultError error) {
            response = VaultResponse.error(error);
        } catch (RuntimeException ex) {
            logger.warn("Vault test server failed on {} {}", request.method(), request.path(), ex);
            response = VaultResponse.error(
                    VaultError.of(500, "internal error: " + ex.getClass().getSimpleName()));
        }
        if (fault != null && fault.action() == Fault.Action.ERROR && fault.handledFirst()) {
            response = faultResponse(fault, request);
        }
        record(request, response.status(), fault);
        return new Exchange(response, fault);
    }

    private static String relativePath(VaultRequest request) {
        return request.path().substring(VaultRequest.PREFIX.length());
    }

    private static VaultResponse faultResponse(Fault fault, VaultRequest request) {
        String message = (fault.status() == 429)
                ? "request path \"" + relativePath(request) + "\": " + fault.message()
                : fault.message();
        VaultResponse response = VaultResponse.error(VaultError.of(fault.status(), message));
        if (fault.retryAfter() != null) {
            long seconds = fault.retryAfter().toSeconds() + ((fault.retryAfter().toNanosPart() > 0) ? 1 : 0);
            response = response.withHeader("Retry-After", Long.toString(seconds));
        }
        return response;
    }

    private void record(VaultRequest request, int status, Fault fault) {
        boolean casPresent = false;
        OptionalLong cas = OptionalLong.empty();
        JsonNode body = request.jsonOrNull();
        if (body != null
                && body.isObject()
                && body.get("options") instanceof ObjectNode options
                && options.has("cas")) {
            casPresent = true;
            Long value = VaultValues.integer(options.get("cas"));
            cas = (value != null) ? OptionalLong.of(value) : OptionalLong.empty();
        }
        this.log.add(new RecordedRequest(
                this.clock.instant(),
                request.method(),
                request.path(),
                request.query(),
                request.tokenSource(),
                request.header("X-Vault-Namespace"),
                casPresent,
                cas,
                status,
                fault));
        if (logger.isDebugEnabled()) {
            logger.debug(
                    "{} {} -> {}{}",
                    request.method(),
                    request.path(),
                    status,
                    (fault != null) ? " (fault " + fault.action() + ")" : "");
        }
    }

    private static Mono<Void> send(HttpServerResponse response, Exchange exchange) {
        Fault fault = exchange.fault();
        Mono<Void> answer = (fault != null && fault.action() == Fault.Action.DROP_CONNECTION)
                ? Mono.defer(() -> drop(response))
                : Mono.defer(() -> write(response, exchange.response()));
        if (fault != null && !fault.delay().isZero()) {
            return Mono.delay(fault.delay()).then(answer);
        }
        return answer;
    }

    private static Mono<Void> drop(HttpServerResponse response) {
        response.withConnection((connection) -> connection.channel().close());
        return Mono.empty();
    }

    private static Mono<Void> write(HttpServerResponse response, VaultResponse answer) {
        response.status(answer.status());
        answer.headers().forEach(response::header);
        if (!answer.hasBody()) {
            if (answer.status() != 204) {
                response.header(HttpHeaderNames.CONTENT_LENGTH, "0");
            }
            return response.send();
        }
        response.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length));
        return response.sendByteArray(Mono.just(answer.body())).then();
    }
}
