package io.github.saasconnect.provider;

import org.springframework.http.HttpHeaders;

/**
 * What {@link RateLimitSignals} look at in an answer of a provider's API.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body, or {@code null} when the signals did not ask for it for this status
 */
public record ApiAnswer(int status, HttpHeaders headers, String body) {}
