package io.github.saasconnect.provider;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.failure.SaasConnectException;

/**
 * Turns an error answer of the token endpoint into a typed failure. Called for every response that carries an
 * {@code error} field, whatever its HTTP status (GitHub answers errors with 200).
 */
@FunctionalInterface
public interface TokenErrorClassifier {

    /** RFC 6749 §5.2 codes only ({@link StandardErrorClassifier}). */
    TokenErrorClassifier STANDARD =
            (registration, connection, error) -> StandardErrorClassifier.classify(registration.id(), connection, error);

    /** The failure for {@code error}; {@code connection} is {@code null} during a code exchange. */
    SaasConnectException classify(ProviderRegistration registration, ConnectionId connection, TokenErrorResponse error);
}
