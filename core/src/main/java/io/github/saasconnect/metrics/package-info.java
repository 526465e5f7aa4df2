/**
 * What SaaS Connect tells about its own work, for metrics and health, without depending on Spring Boot.
 *
 * <p>Core code reports through {@link io.github.saasconnect.metrics.SaasConnectInstrumentation}, whose default does
 * nothing. {@link io.github.saasconnect.metrics.MicrometerInstrumentation} turns the reports into Micrometer meters
 * (Micrometer is an optional dependency: only that class needs it), and
 * {@link io.github.saasconnect.metrics.HealthSignals} keeps what a health check needs to know. Everything reported
 * names registrations, stores and outcomes: never a token, a secret or a connection's owner.
 */
@NullMarked
package io.github.saasconnect.metrics;

import org.jspecify.annotations.NullMarked;
