package io.github.saasconnect.autoconfigure.web;

import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;

/** The owner of a Spring Security authentication: the principal's name, none for anonymous users. */
final class AuthenticatedOwner {

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private AuthenticatedOwner() {}

    static String of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated() || TRUST.isAnonymous(authentication)) {
            return null;
        }
        String name = authentication.getName();
        return name == null || name.isEmpty() ? null : name;
    }
}
