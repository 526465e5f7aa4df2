package io.github.saasconnect.connect;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Says whose connections a WebFlux request is about: the application's id of the signed-in user (or tenant).
 * With Spring Security on the classpath the default is the authenticated principal's name; otherwise the
 * application must define a bean of this type for the connect endpoints to start.
 */
@FunctionalInterface
public interface ReactiveConnectionOwnerResolver {

    /** The owner for {@code exchange}, or empty when nobody is signed in (the endpoints answer 401). */
    Mono<String> resolveOwner(ServerWebExchange exchange);
}
