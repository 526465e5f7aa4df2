/**
 * HTTP facts read the same way on every path that calls out: {@link io.github.saasconnect.http.RetryAfter}, which
 * provider types use too, and the transport our calls use when the application lends none,
 * {@link io.github.saasconnect.http.JdkWebClients}. Core's one status-to-failure mapping lives beside them in
 * {@code http.internal}.
 */
@NullMarked
package io.github.saasconnect.http;

import org.jspecify.annotations.NullMarked;
