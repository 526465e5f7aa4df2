package io.github.saasconnect.client;

import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * A paginator stopped following next links ({@link FailureKind#REQUEST_REJECTED}): more pages than the configured
 * limit, or a provider that sent the same next link again. Raise {@code saas-connect.clients.max-pages} if the list
 * really is that long.
 */
public final class PageLimitExceededException extends SaasConnectException {

    public PageLimitExceededException(String registration, String message) {
        super(FailureKind.REQUEST_REJECTED, registration, null, message, null);
    }
}
