package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ReactiveConnectionOwnerResolver;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The owner is the name of Spring Security's authenticated principal; anonymous users have none. */
public final class SpringSecurityReactiveConnectionOwnerResolver implements ReactiveConnectionOwnerResolver {

    @Override
    public Mono<String> resolveOwner(ServerWebExchange exchange) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .mapNotNull(AuthenticatedOwner::of);
    }
}
