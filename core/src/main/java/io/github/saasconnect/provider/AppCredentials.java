package io.github.saasconnect.provider;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.signing.JwsSigner;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a registration proves itself with when it acts as the app, as configured under
 * {@code saas-connect.providers.<id>.app}. Which parts a provider type needs is its own to say; it fails at startup
 * naming the property that is missing.
 *
 * @param clientSecrets client secrets, newest first: a rejected one falls back on the next, so a secret can be
 *     rotated without downtime (add the new one in front, remove the old one once it has expired)
 * @param signer signs the app's JWTs (a client assertion, a GitHub App JWT, a JWT bearer grant), or {@code null}
 * @param certificate the certificate of the signing key, where the provider identifies the key by it (Microsoft's
 *     {@code x5t#S256}), or {@code null}
 * @param issuer who the app's JWTs are from when it is not the client id (a GitHub App id, a service-account
 *     e-mail), or {@code null}
 * @param scopes the scopes app tokens ask for; empty: the provider's default
 * @param parameters provider-specific settings of app tokens (GitHub's {@code repositories}, {@code permissions.*})
 */
public record AppCredentials(
        List<Secret> clientSecrets,
        @Nullable JwsSigner signer,
        @Nullable X509Certificate certificate,
        @Nullable String issuer,
        List<String> scopes,
        Map<String, String> parameters) {

    /** No app credentials. */
    public static final AppCredentials NONE = new AppCredentials(List.of(), null, null, null, List.of(), Map.of());

    public AppCredentials {
        clientSecrets = clientSecrets == null ? List.of() : List.copyOf(clientSecrets);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** Whether anything was configured to act as the app with. */
    public boolean configured() {
        return !clientSecrets.isEmpty() || signer != null;
    }

    @Override
    public String toString() {
        return "AppCredentials[secrets=" + clientSecrets.size() + ", signer=" + signer + ", certificate="
                + (certificate == null ? null : certificate.getSubjectX500Principal()) + ", issuer=" + issuer
                + ", scopes=" + scopes + "]";
    }
}
