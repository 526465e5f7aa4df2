package io.github.saasconnect.testkit.vault;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import tools.jackson.databind.JsonNode;

/** The signature primitives of Transit's {@code sign} endpoint, with Vault's defaults. */
final class TransitSignatures {

    private TransitSignatures() {}

    static byte[] sign(TransitKey key, PrivateKey privateKey, String hash, byte[] input, JsonNode body, boolean jws) {
        try {
            Signature signer;
            if (key.type.rsa()) {
                String algorithm = TransitEngine.text(body, "signature_algorithm", "pss");
                if (algorithm.equals("pkcs1v15")) {
                    signer = Signature.getInstance(hash.replace("-", "") + "withRSA");
                } else if (algorithm.equals("pss")) {
                    signer = Signature.getInstance("RSASSA-PSS");
                    int hashLength = hashLength(hash);
                    int salt = saltLength(
                            TransitEngine.text(body, "salt_length", "auto"),
                            hashLength,
                            ((RSAPrivateKey) privateKey).getModulus().bitLength());
                    signer.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), salt, 1));
                } else {
                    throw VaultError.badRequest("unsupported rsa signature algorithm " + algorithm);
                }
            } else {
                // ASN.1 DER by default; JWS wants the fixed-length r || s form (RFC 7518 section 3.4)
                signer = Signature.getInstance(hash.replace("-", "") + "withECDSA" + (jws ? "inP1363Format" : ""));
            }
            signer.initSign(privateKey);
            signer.update(input);
            return signer.sign();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("signing failed: " + ex.getMessage(), ex);
        }
    }

    private static int hashLength(String hash) {
        return Integer.parseInt(hash.substring("SHA-".length())) / 8;
    }

    /**
     * Go's {@code rsa.PSSSaltLengthAuto} when signing: the longest salt the modulus leaves room for, which JWS
     * ({@code PS256} fixes the salt at the hash length) does not accept; {@code hash} is what JWS needs.
     */
    private static int saltLength(String requested, int hashLength, int modulusBits) {
        int emLength = (modulusBits - 1 + 7) / 8;
        return switch (requested) {
            case "auto" -> emLength - hashLength - 2;
            case "hash" -> hashLength;
            default -> {
                try {
                    int salt = Integer.parseInt(requested);
                    if (salt < 0 || salt > emLength - hashLength - 2) {
                        throw VaultError.badRequest("invalid salt length " + requested);
                    }
                    yield salt;
                } catch (NumberFormatException ex) {
                    throw VaultError.badRequest("invalid salt length " + requested);
                }
            }
        };
    }
}
