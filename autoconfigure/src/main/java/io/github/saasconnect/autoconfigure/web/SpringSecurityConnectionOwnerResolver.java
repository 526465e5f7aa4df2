package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ConnectionOwnerResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;

/** The owner is the name of Spring Security's authenticated principal; anonymous users have none. */
public final class SpringSecurityConnectionOwnerResolver implements ConnectionOwnerResolver {

    @Override
    public String resolveOwner(HttpServletRequest request) {
        return AuthenticatedOwner.of(SecurityContextHolder.getContext().getAuthentication());
    }
}
