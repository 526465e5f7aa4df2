package io.github.saasconnect.autoconfigure;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.AppCredentials;
import io.github.saasconnect.signing.JwsSigner;
import io.github.saasconnect.signing.LocalJwsSigner;
import io.github.saasconnect.signing.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import org.springframework.core.io.Resource;

/**
 * Turns {@code saas-connect.providers.<id>.app.*} into {@link AppCredentials}: reads the PEM key and certificate
 * from text or a resource and builds the signer, failing startup with the property to fix. Nothing read is ever
 * echoed: messages name properties and locations, not content.
 */
final class AppCredentialsProperties {

    private AppCredentialsProperties() {}

    static AppCredentials of(String prefix, SaasConnectProperties.App app) {
        List<Secret> secrets = app.getClientSecrets().stream()
                .filter(s -> s != null && !s.isBlank())
                .map(Secret::of)
                .toList();
        return new AppCredentials(
                secrets,
                signer(prefix + ".app.private-key", app.getPrivateKey()),
                certificate(prefix + ".app", app),
                blankToNull(app.getIssuer()),
                app.getScopes(),
                app.getParameters());
    }

    private static JwsSigner signer(String prefix, SaasConnectProperties.PrivateKey key) {
        String pem = pem(prefix, "pem", key.getPem(), "location", key.getLocation());
        if (pem == null) {
            return null;
        }
        JWSAlgorithm algorithm = algorithm(prefix + ".algorithm", key.getAlgorithm());
        String source = key.getPem() != null ? prefix + ".pem" : prefix + ".location";
        try {
            return LocalJwsSigner.fromPem(pem, algorithm, source);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    source,
                    e.getMessage(),
                    "Give the RSA private key (at least 2048 bits) the provider has the public half of, in PEM form");
        }
    }

    private static X509Certificate certificate(String prefix, SaasConnectProperties.App app) {
        String pem =
                pem(prefix, "certificate", app.getCertificate(), "certificate-location", app.getCertificateLocation());
        if (pem == null) {
            return null;
        }
        String source = app.getCertificate() != null ? prefix + ".certificate" : prefix + ".certificate-location";
        try {
            return PemKeys.certificate(pem, source);
        } catch (IllegalArgumentException e) {
            throw new InvalidSaasConnectConfigurationException(
                    source, e.getMessage(), "Give the X.509 certificate of the signing key in PEM form");
        }
    }

    private static JWSAlgorithm algorithm(String property, String value) {
        String name = value == null ? "RS256" : value.strip().toUpperCase(Locale.ROOT);
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        if (!LocalJwsSigner.ALGORITHMS.contains(algorithm)) {
            throw new InvalidSaasConnectConfigurationException(
                    property, "'" + value + "' is not a supported signing algorithm", "Use RS256 or PS256");
        }
        return algorithm;
    }

    /** The PEM text of {@code inline} or else {@code location}; {@code null} when neither is set. */
    private static String pem(String prefix, String inlineName, String inline, String locationName, Resource location) {
        if (inline != null && !inline.isBlank() && location != null) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + "." + inlineName,
                    prefix + "." + inlineName + " and " + prefix + "." + locationName + " are both set",
                    "Set only one of them");
        }
        if (inline != null && !inline.isBlank()) {
            return inline;
        }
        if (location == null) {
            return null;
        }
        try {
            return location.getContentAsString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + "." + locationName,
                    "cannot read " + location.getDescription() + " ("
                            + e.getClass().getSimpleName() + ")",
                    "Point it at a readable PEM file, such as file:/etc/app/key.pem");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
