/**
 * HTTP facts read the same way on every path that calls out: {@link io.github.saasconnect.http.RetryAfter}, which
 * provider types use too. Core's one status-to-failure mapping lives beside it in {@code http.internal}.
 */
@NullMarked
package io.github.saasconnect.http;

import org.jspecify.annotations.NullMarked;
