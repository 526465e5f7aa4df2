package io.github.saasconnect.failure;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.FailureKind;
import java.net.URI;
import java.util.Objects;

/**
 * The provider will not let the app act for this app connection's subject until the subject (or an administrator
 * for the whole organisation) consents: DocuSign's {@code consent_required} on a JWT grant for a user who never
 * granted {@code impersonation}, or whose consent was withdrawn. Not retried; an
 * {@link io.github.saasconnect.event.AppConsentRequiredEvent} is published once per failed mint. {@link #consentUri()}
 * is the page to send that person to; it carries the client id and redirect URI, which are not secrets.
 */
public final class AppConsentRequiredException extends SaasConnectException {

    private final String errorCode;
    private final URI consentUri;

    public AppConsentRequiredException(String registration, ConnectionId connection, String errorCode, URI consentUri) {
        super(
                FailureKind.NOT_CONNECTED,
                registration,
                connection,
                "the provider needs consent before the app may act for " + connection + " ('" + errorCode
                        + "'): the user, or an administrator for the organisation, must open " + consentUri,
                null);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
        this.consentUri = Objects.requireNonNull(consentUri, "consentUri");
    }

    /** The provider's error code ({@code consent_required}). */
    public String errorCode() {
        return errorCode;
    }

    /** Where the subject or an administrator grants the consent; once granted, the next mint succeeds. */
    public URI consentUri() {
        return consentUri;
    }
}
