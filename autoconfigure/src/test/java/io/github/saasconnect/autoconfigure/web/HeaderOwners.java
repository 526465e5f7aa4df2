package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ConnectionOwnerResolver;
import io.github.saasconnect.connect.ReactiveConnectionOwnerResolver;
import reactor.core.publisher.Mono;

/** Test owner resolvers: the owner is the {@code X-User} request header. */
final class HeaderOwners {

    static final String HEADER = "X-User";

    private HeaderOwners() {}

    static ConnectionOwnerResolver mvc() {
        return request -> request.getHeader(HEADER);
    }

    static ReactiveConnectionOwnerResolver webFlux() {
        return exchange -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(HEADER));
    }
}
