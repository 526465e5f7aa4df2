/**
 * Authorized WebClient and RestClient per registration ({@link io.github.saasconnect.client.ProviderClients}), paging, rate limits and the API circuit breaker.
 */
@NullMarked
package io.github.saasconnect.client;

import org.jspecify.annotations.NullMarked;
