package io.github.saasconnect.client;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;

/**
 * What a rate-limit policy looks at in an API answer.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body, or {@code null} when the policy did not need it for this status
 */
record ApiAnswer(int status, HttpHeaders headers, @Nullable String body) {
}
