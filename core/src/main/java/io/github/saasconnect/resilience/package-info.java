/**
 * Retry, circuit breaker and bulkhead per registration around token requests and API calls (Resilience4j).
 */
@NullMarked
package io.github.saasconnect.resilience;

import org.jspecify.annotations.NullMarked;
