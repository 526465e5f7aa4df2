/**
 * Actuator health ({@code saasConnect}), the {@code saasconnect} endpoint and Micrometer metrics for SaaS Connect.
 * Each is optional: it backs off when its Spring Boot module is not on the classpath. Nothing here shows a token, a
 * secret or a connection's owner; the outputs are documented in {@code autoconfigure/OBSERVABILITY.md}, the meters in the README.
 */
@NullMarked
package io.github.saasconnect.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
