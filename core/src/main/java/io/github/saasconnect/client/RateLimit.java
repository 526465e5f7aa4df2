package io.github.saasconnect.client;

import java.time.Duration;

/**
 * A rate-limit signal read from one API answer.
 *
 * @param delay how long to wait before trying again
 * @param reason which signal it was, for logs and errors; never a secret
 */
record RateLimit(Duration delay, String reason) {
}
