package io.github.saasconnect.client;

/**
 * A paginator stopped following next links: more pages than the configured limit, or a provider that sent the
 * same next link again. Raise {@code saas-connect.clients.max-pages} if the list really is that long.
 */
public final class PageLimitExceededException extends RuntimeException {

    public PageLimitExceededException(String message) {
        super(message);
    }
}
