package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectFlowException;
import io.github.saasconnect.connect.ConnectionSummary;
import io.github.saasconnect.connect.ReactiveConnectionOwnerResolver;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The connect endpoints as WebFlux functional routes; see {@code autoconfigure/WEB.md}. */
final class WebFluxConnectEndpoints {

    private final ConnectFlow flow;
    private final ReactiveConnectionOwnerResolver owners;
    private final String basePath;
    private final ConnectStartGuard guard;

    WebFluxConnectEndpoints(
            ConnectFlow flow, ReactiveConnectionOwnerResolver owners, String basePath, ConnectStartGuard guard) {
        this.flow = flow;
        this.owners = owners;
        this.basePath = ConnectEndpoints.basePath(basePath);
        this.guard = guard;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(basePath + ConnectEndpoints.CONNECTIONS, signedIn(this::connections))
                .POST(basePath + ConnectEndpoints.CONNECT, signedIn(this::connect))
                .GET(basePath + ConnectEndpoints.CONNECT, signedIn(this::connect))
                .GET(basePath + ConnectEndpoints.CALLBACK, signedIn(this::callback))
                .POST(basePath + ConnectEndpoints.DISCONNECT, signedIn(this::disconnectForm))
                .DELETE(basePath + ConnectEndpoints.CONNECTION, signedIn(this::disconnect))
                .build();
    }

    private Mono<ServerResponse> connections(ServerRequest request, String owner) {
        return flow.connections(owner)
                .collectList()
                .flatMap(list -> ServerResponse.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(list.toArray(ConnectionSummary[]::new)));
    }

    private Mono<ServerResponse> connect(ServerRequest request, String owner) {
        ProblemDetail refused =
                guard.refusal(request.method(), request.uri(), request.headers().asHttpHeaders());
        if (refused != null) {
            return problem(refused);
        }
        String registration = request.pathVariable("registration");
        URI callback = ConnectEndpoints.callbackUri(
                request.uri(), request.requestPath().contextPath().value(), basePath, registration);
        Mono<MultiValueMap<String, String>> form =
                HttpMethod.POST.equals(request.method()) ? request.formData() : Mono.just(new LinkedMultiValueMap<>());
        return form.flatMap(fields -> {
                    String returnTo = fields.getFirst(ConnectEndpoints.RETURN_TO);
                    if (returnTo == null) {
                        returnTo =
                                request.queryParam(ConnectEndpoints.RETURN_TO).orElse(null);
                    }
                    List<String> scopes = new ArrayList<>(fields.getOrDefault(ConnectEndpoints.SCOPE, List.of()));
                    scopes.addAll(request.queryParams().getOrDefault(ConnectEndpoints.SCOPE, List.of()));
                    return flow.start(registration, owner, returnTo, callback, scopes, param(fields, request));
                })
                .flatMap(redirect -> redirect(ConnectEndpoints.startStatus(request.method()), redirect.location()));
    }

    private Mono<ServerResponse> callback(ServerRequest request, String owner) {
        String registration = request.pathVariable("registration");
        AuthorizationCallback callback = new AuthorizationCallback(
                request.queryParam("state").orElse(null),
                request.queryParam("code").orElse(null),
                request.queryParam("error").orElse(null),
                request.queryParam("error_description").orElse(null));
        return flow.complete(registration, owner, callback)
                .flatMap(result -> redirect(HttpStatus.FOUND, ConnectEndpoints.successRedirect(result)))
                .onErrorResume(
                        ConnectFlowException.class,
                        e -> ConnectEndpoints.redirectsBack(e)
                                ? redirect(HttpStatus.FOUND, ConnectEndpoints.failureRedirect(e))
                                : Mono.error(e));
    }

    private Mono<ServerResponse> disconnectForm(ServerRequest request, String owner) {
        String registration = request.pathVariable("registration");
        return request.formData().flatMap(form -> {
            String returnTo = form.getFirst(ConnectEndpoints.RETURN_TO);
            if (returnTo == null) {
                returnTo = request.queryParam(ConnectEndpoints.RETURN_TO).orElse(null);
            }
            String target = returnTo == null ? null : flow.settings().returnTo().resolve(returnTo, registration);
            return flow.disconnect(registration, owner, param(form, request))
                    .then(
                            target == null
                                    ? ServerResponse.noContent().build()
                                    : redirect(
                                            HttpStatus.SEE_OTHER,
                                            URI.create(ConnectEndpoints.withQuery(
                                                    target, ConnectEndpoints.DISCONNECTED, registration))));
        });
    }

    private Mono<ServerResponse> disconnect(ServerRequest request, String owner) {
        return flow.disconnect(
                        request.pathVariable("registration"),
                        owner,
                        request.queryParam(ConnectEndpoints.ACCOUNT).orElse(null))
                .then(ServerResponse.noContent().build());
    }

    /** The {@code account} form field, else query parameter, or {@code null}. */
    private static String param(MultiValueMap<String, String> form, ServerRequest request) {
        String account = form.getFirst(ConnectEndpoints.ACCOUNT);
        return account != null
                ? account
                : request.queryParam(ConnectEndpoints.ACCOUNT).orElse(null);
    }

    private static Mono<ServerResponse> redirect(HttpStatus status, URI location) {
        return ServerResponse.status(status)
                .location(location)
                .cacheControl(CacheControl.noStore())
                .build();
    }

    /** Resolves the owner (401 without one) and turns refusals into problem responses. */
    private HandlerFunction<ServerResponse> signedIn(BiFunction<ServerRequest, String, Mono<ServerResponse>> handler) {
        return request -> owners.resolveOwner(request.exchange())
                .flatMap(owner -> Mono.defer(() -> handler.apply(request, owner)))
                .switchIfEmpty(Mono.defer(() -> problem(ConnectEndpoints.unauthenticated())))
                .onErrorResume(RuntimeException.class, e -> {
                    ProblemDetail problem = ConnectEndpoints.problem(e);
                    return problem == null ? Mono.error(e) : problem(problem);
                });
    }

    private static Mono<ServerResponse> problem(ProblemDetail problem) {
        return ServerResponse.status(problem.getStatus())
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(problem);
    }
}
