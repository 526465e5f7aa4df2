package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectFlowException;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connect.ConnectResult;
import io.github.saasconnect.connect.ConnectionOwnerResolver;
import io.github.saasconnect.connect.ConnectionSummary;
import java.net.URI;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** The connect endpoints as Spring MVC functional routes; see {@code autoconfigure/WEB.md}. */
final class MvcConnectEndpoints {

    private final ConnectFlow flow;
    private final ConnectionOwnerResolver owners;
    private final String basePath;
    private final ConnectStartGuard guard;

    MvcConnectEndpoints(ConnectFlow flow, ConnectionOwnerResolver owners, String basePath, ConnectStartGuard guard) {
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

    private ServerResponse connections(ServerRequest request, String owner) {
        List<ConnectionSummary> list = flow.connections(owner).collectList().block(ConnectEndpoints.BLOCK_TIMEOUT);
        return ServerResponse.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_JSON)
                .body(list);
    }

    private ServerResponse connect(ServerRequest request, String owner) {
        ProblemDetail refused =
                guard.refusal(request.method(), request.uri(), request.headers().asHttpHeaders());
        if (refused != null) {
            return problem(refused);
        }
        String registration = request.pathVariable("registration");
        URI callback = ConnectEndpoints.callbackUri(
                request.uri(), request.requestPath().contextPath().value(), basePath, registration);
        ConnectRedirect redirect = flow.start(
                        registration,
                        owner,
                        request.param(ConnectEndpoints.RETURN_TO).orElse(null),
                        callback,
                        request.params().getOrDefault(ConnectEndpoints.SCOPE, List.of()),
                        request.param(ConnectEndpoints.ACCOUNT).orElse(null))
                .block(ConnectEndpoints.BLOCK_TIMEOUT);
        return redirect(ConnectEndpoints.startStatus(request.method()), redirect.location());
    }

    private ServerResponse callback(ServerRequest request, String owner) {
        String registration = request.pathVariable("registration");
        AuthorizationCallback callback = new AuthorizationCallback(
                request.param("state").orElse(null),
                request.param("code").orElse(null),
                request.param("error").orElse(null),
                request.param("error_description").orElse(null));
        try {
            ConnectResult result = flow.complete(registration, owner, callback).block(ConnectEndpoints.BLOCK_TIMEOUT);
            return redirect(HttpStatus.FOUND, ConnectEndpoints.successRedirect(result));
        } catch (ConnectFlowException e) {
            if (ConnectEndpoints.redirectsBack(e)) {
                return redirect(HttpStatus.FOUND, ConnectEndpoints.failureRedirect(e));
            }
            throw e;
        }
    }

    private ServerResponse disconnectForm(ServerRequest request, String owner) {
        String registration = request.pathVariable("registration");
        String returnTo = request.param(ConnectEndpoints.RETURN_TO).orElse(null);
        String target = returnTo == null ? null : flow.settings().returnTo().resolve(returnTo, registration);
        flow.disconnect(
                        registration,
                        owner,
                        request.param(ConnectEndpoints.ACCOUNT).orElse(null))
                .block(ConnectEndpoints.BLOCK_TIMEOUT);
        return target == null
                ? ServerResponse.noContent().build()
                : redirect(
                        HttpStatus.SEE_OTHER,
                        URI.create(ConnectEndpoints.withQuery(target, ConnectEndpoints.DISCONNECTED, registration)));
    }

    private ServerResponse disconnect(ServerRequest request, String owner) {
        flow.disconnect(
                        request.pathVariable("registration"),
                        owner,
                        request.param(ConnectEndpoints.ACCOUNT).orElse(null))
                .block(ConnectEndpoints.BLOCK_TIMEOUT);
        return ServerResponse.noContent().build();
    }

    private static ServerResponse redirect(HttpStatus status, URI location) {
        return ServerResponse.status(status)
                .location(location)
                .cacheControl(CacheControl.noStore())
                .build();
    }

    /** Resolves the owner (401 without one) and turns refusals into problem responses. */
    private org.springframework.web.servlet.function.HandlerFunction<ServerResponse> signedIn(OwnedHandler handler) {
        return request -> {
            String owner = owners.resolveOwner(request.servletRequest());
            if (owner == null) {
                return problem(ConnectEndpoints.unauthenticated());
            }
            try {
                return handler.handle(request, owner);
            } catch (RuntimeException e) {
                ProblemDetail problem = ConnectEndpoints.problem(e);
                if (problem == null) {
                    throw e;
                }
                return problem(problem);
            }
        };
    }

    private static ServerResponse problem(ProblemDetail problem) {
        return ServerResponse.status(problem.getStatus())
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @FunctionalInterface
    private interface OwnedHandler {
        ServerResponse handle(ServerRequest request, String owner);
    }
}
