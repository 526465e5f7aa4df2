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

    /** What a key kept elsewhere may sign with: also ES256, which Vault Transit's ecdsa-p256 keys sign. */
    private static final java.util.Set<JWSAlgorithm> REFERENCED_ALGORITHMS =
            java.util.Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    private AppCredentialsProperties() {}

    static AppCredentials of(String prefix, SaasConnectProperties.App app) {
        return of(prefix, app, List.of());
    }

    /** @param references what resolves {@code private-key.ref} (none: setting it fails startup) */
    static AppCredentials of(String prefix, SaasConnectProperties.App app, List<AppSigningKeyReferences> references) {
        List<Secret> secrets = app.getClientSecrets().stream()
                .filter(s -> s != null && !s.isBlank())
                .map(Secret::of)
                .toList();
        return new AppCredentials(
                secrets,
                signer(prefix + ".app.private-key", app.getPrivateKey(), references),
                certificate(prefix + ".app", app),
                blankToNull(app.getIssuer()),
                app.getScopes(),
                app.getParameters());
    }

    private static JwsSigner signer(
            String prefix, SaasConnectProperties.PrivateKey key, List<AppSigningKeyReferences> references) {
        if (key.getRef() != null && !key.getRef().isBlank()) {
            return referenced(prefix, key, references);
        }
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

    /** A key kept elsewhere ({@code ref}): exclusive with pem and location; ES256 only there. */
    private static JwsSigner referenced(
            String prefix, SaasConnectProperties.PrivateKey key, List<AppSigningKeyReferences> references) {
        String property = prefix + ".ref";
        if ((key.getPem() != null && !key.getPem().isBlank()) || key.getLocation() != null) {
            throw new InvalidSaasConnectConfigurationException(
                    property, "is set together with " + prefix + ".pem or .location", "Set only one of them");
        }
        String reference = key.getRef().strip();
        AppSigningKeyReferences resolver = references.stream()
                .filter(r -> r.supports(reference))
                .findFirst()
                .orElseThrow(() -> new InvalidSaasConnectConfigurationException(
                        property,
                        "'" + reference + "' is not a key reference this application can resolve",
                        "Use vault-transit:<key-name> or vault-kv:<mount>/<path>#<field>, with "
                                + "io.github.saasconnect:saas-connect-vault beside the starter"));
        String name = key.getAlgorithm() == null
                ? "RS256"
                : key.getAlgorithm().strip().toUpperCase(Locale.ROOT);
        JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
        if (!REFERENCED_ALGORITHMS.contains(algorithm)) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".algorithm",
                    "'" + key.getAlgorithm() + "' is not a supported signing algorithm",
                    "Use RS256, PS256 or ES256");
        }
        return resolver.signer(property, reference, algorithm);
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
