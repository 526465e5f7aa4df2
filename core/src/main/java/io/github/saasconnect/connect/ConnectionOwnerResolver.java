package io.github.saasconnect.connect;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Says whose connections a Spring MVC request is about: the application's id of the signed-in user (or tenant).
 * With Spring Security on the classpath the default is the authenticated principal's name; otherwise the
 * application must define a bean of this type for the connect endpoints to start.
 */
@FunctionalInterface
public interface ConnectionOwnerResolver {

    /** The owner for {@code request}, or {@code null} when nobody is signed in (the endpoints answer 401). */
    @Nullable
    String resolveOwner(HttpServletRequest request);
}
