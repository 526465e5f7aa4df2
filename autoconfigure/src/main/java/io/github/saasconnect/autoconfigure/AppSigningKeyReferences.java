package io.github.saasconnect.autoconfigure;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.saasconnect.signing.JwsSigner;

/**
 * Resolves {@code saas-connect.providers.<id>.app.private-key.ref}, an app signing key kept outside the application
 * configuration (such as {@code vault-transit:<key>}), to a {@link JwsSigner}. {@code saas-connect-vault} provides
 * one for {@code vault-transit:} and {@code vault-kv:}; the provider registry asks each bean whose
 * {@link #supports} accepts the reference.
 */
public interface AppSigningKeyReferences {

    /** Whether {@code reference} has a scheme this resolves, such as {@code vault-transit:}. */
    boolean supports(String reference);

    /**
     * The signer for {@code reference}.
     *
     * @param property the property that holds the reference, for messages
     * @param algorithm the configured algorithm ({@code RS256}, {@code PS256} or {@code ES256})
     * @throws InvalidSaasConnectConfigurationException naming {@code property} when the key cannot sign
     */
    JwsSigner signer(String property, String reference, JWSAlgorithm algorithm);
}
