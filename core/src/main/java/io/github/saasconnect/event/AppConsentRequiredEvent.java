package io.github.saasconnect.event;

import io.github.saasconnect.connection.ConnectionId;
import java.net.URI;
import java.time.Instant;

/**
 * The provider refused to mint a token for an app connection until its subject consents (DocuSign's
 * {@code consent_required}): {@code consentUri} is the page the user, or an administrator, must open. Nothing is
 * stored for app connections; the event is how an application learns whom to ask.
 */
public record AppConsentRequiredEvent(ConnectionId connection, URI consentUri, Instant at) implements ConnectionEvent {}
