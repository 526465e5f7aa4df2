/**
 * What SaaS Connect observes of its own work, through the Micrometer Observation API, so that metrics and traces come
 * from one place: refreshes, code exchanges, store operations, API calls, rate-limit waits and keep-alive sweeps
 * ({@link io.github.saasconnect.observation.SaasConnectObservation} lists them with their keys).
 *
 * <p>Components take an {@link io.micrometer.observation.ObservationRegistry}; on
 * {@link io.micrometer.observation.ObservationRegistry#NOOP} nothing is observed. Micrometer's meter handler makes
 * the timers, a tracing handler the spans, {@link io.github.saasconnect.observation.SaasConnectMeterHandler} the
 * rejection counter and census gauges, and {@link io.github.saasconnect.observation.HealthSignals} keeps what health
 * shows. Every key names registrations, provider types, stores and outcomes: never a token, a secret, a code or a
 * connection's owner.
 */
@NullMarked
package io.github.saasconnect.observation;

import org.jspecify.annotations.NullMarked;
