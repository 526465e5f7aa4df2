package io.github.saasconnect.client;

import io.github.saasconnect.connection.ConnectionId;
import java.time.Duration;

/**
 * Told each time a provider rate-limits an API call, once the client has decided what to do: to log, count or
 * observe. Called on the thread that handled the response; implementations must be quick and must not block.
 */
@FunctionalInterface
public interface RateLimitListener {

    /** Does nothing. */
    RateLimitListener NONE = (connection, wait, reason, waiting) -> {};

    /** Logs waits at debug and refusals (the call fails) at info, under {@code io.github.saasconnect.client}. */
    static RateLimitListener logging() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RateLimitListener.class);
        return (connection, wait, reason, waiting) -> {
            if (waiting) {
                log.debug("{} rate limited ({}); waiting {}", connection, reason, wait);
            } else {
                log.info(
                        "{} rate limited ({}); asked to wait {}, beyond the bound: the call fails",
                        connection,
                        reason,
                        wait);
            }
        };
    }

    /**
     * @param connection the connection whose call was rate limited
     * @param wait how long the provider asked us to wait (or the backoff chosen when it did not say)
     * @param reason which signal it was, for example {@code GitHub primary rate limit}; never a secret
     * @param waiting {@code true} when the client now waits and retries (the wait is already scheduled), {@code false}
     *     when the wait is beyond the configured bound and the call fails
     */
    void onRateLimited(ConnectionId connection, Duration wait, String reason, boolean waiting);
}
