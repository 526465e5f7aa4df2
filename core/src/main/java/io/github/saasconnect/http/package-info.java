/**
 * HTTP facts read the same way on every path that calls out: {@link io.github.saasconnect.http.RetryAfter} and
 * {@link io.github.saasconnect.http.HttpStatusFailures}; and the transport our calls use when the application lends none,
 * {@link io.github.saasconnect.http.JdkWebClients}.
 */
@NullMarked
package io.github.saasconnect.http;

import org.jspecify.annotations.NullMarked;
