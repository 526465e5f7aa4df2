package io.github.saasconnect.store.vault;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.signing.JwsSigner;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.vault.core.ReactiveVaultOperations;
import org.springframework.vault.support.VaultResponse;
import reactor.core.publisher.Mono;

/**
 * Signs JWTs inside Vault Transit ({@code POST <mount>/sign/<key>}), so the private key never enters the application:
 * the token's policy needs only {@code update} on {@code <mount>/sign/<key>}. {@code RS256} signs with
 * {@code signature_algorithm=pkcs1v15}, {@code PS256} with {@code pss} and {@code salt_length=hash} (JWS fixes the
 * salt at the hash length; Vault's default, the longest salt, would not verify), {@code ES256} with
 * {@code marshaling_algorithm=jws} (the 64-byte {@code r || s} form). Every request asks for {@code jws} marshaling,
 * whose base64url signature Nimbus assembles into the compact JWS as it is.
 */
public final class VaultTransitJwsSigner implements JwsSigner {

    /** The algorithms a Transit key signs JWTs with here. */
    public static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

    /** Not a JWS signing input (no '.'), so a probe signature can never pass as a token. */
    private static final byte[] PROBE = "saas-connect transit key check".getBytes(StandardCharsets.US_ASCII);

    private static final int ES256_SIGNATURE_BYTES = 64;
    private static final int MIN_RSA_SIGNATURE_BYTES = 256;

    private final ReactiveVaultOperations vault;
    private final String path;
    private final JWSAlgorithm algorithm;
    private final String source;
    private final Duration timeout;

    /**
     * @param vault the Vault client; its token needs {@code update} on {@code <mount>/sign/<key>}
     * @param mount the Transit mount, such as {@code transit}
     * @param key the Transit key's name
     * @param algorithm {@code RS256}, {@code PS256} (an RSA key) or {@code ES256} (an {@code ecdsa-p256} key)
     * @param source where the key was configured (a property name), for {@code toString()} and messages
     * @param timeout how long one signing request may take
     */
    public VaultTransitJwsSigner(
            ReactiveVaultOperations vault,
            String mount,
            String key,
            JWSAlgorithm algorithm,
            String source,
            Duration timeout) {
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException(
                    "a Vault Transit key of " + source + " signs with RS256, PS256 or ES256, not " + algorithm);
        }
        this.vault = Objects.requireNonNull(vault, "vault");
        this.path = mount + "/sign/" + key;
        this.algorithm = algorithm;
        this.source = Objects.requireNonNull(source, "source");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public Mono<String> sign(JWSHeader header, JWTClaimsSet claims) {
        if (!algorithm.equals(header.getAlgorithm())) {
            return Mono.error(new IllegalArgumentException("the key of " + source + " signs with " + algorithm
                    + " but the header names " + header.getAlgorithm()));
        }
        Base64URL encodedHeader = header.toBase64URL();
        Base64URL encodedClaims = Base64URL.encode(claims.toString());
        byte[] signingInput = (encodedHeader + "." + encodedClaims).getBytes(StandardCharsets.US_ASCII);
        return signature(signingInput).map(signature -> {
            try {
                return new SignedJWT(encodedHeader, encodedClaims, signature).serialize();
            } catch (ParseException e) {
                throw new IllegalStateException("the JWT signed by Vault Transit for " + source + " does not parse");
            }
        });
    }

    /**
     * Checks, with one probe signature, that the key exists, may be used by this token and fits the algorithm
     * (an {@code ES256} signature is 64 bytes, an RSA one at least 256). Needs no read of the key itself.
     *
     * @return empty when the key fits; an {@link IllegalArgumentException} saying what is wrong otherwise
     */
    public Mono<Void> check() {
        return signature(PROBE).flatMap(signature -> {
            int length = signature.decode().length;
            boolean ecdsa = algorithm.equals(JWSAlgorithm.ES256);
            if (ecdsa && length != ES256_SIGNATURE_BYTES) {
                return Mono.error(new IllegalArgumentException("the Vault Transit key " + path
                        + " is not an ecdsa-p256 key (its signatures have " + length + " bytes), so it cannot"
                        + " sign ES256"));
            }
            if (!ecdsa && length < MIN_RSA_SIGNATURE_BYTES) {
                return Mono.error(new IllegalArgumentException("the Vault Transit key " + path
                        + " is not an RSA key of at least 2048 bits (its signatures have " + length
                        + " bytes), so it cannot sign " + algorithm));
            }
            return Mono.<Void>empty();
        });
    }

    private Mono<Base64URL> signature(byte[] input) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("input", Base64.getEncoder().encodeToString(input));
        body.put("hash_algorithm", "sha2-256");
        body.put("marshaling_algorithm", "jws");
        if (algorithm.equals(JWSAlgorithm.RS256)) {
            body.put("signature_algorithm", "pkcs1v15");
        } else if (algorithm.equals(JWSAlgorithm.PS256)) {
            body.put("signature_algorithm", "pss");
            body.put("salt_length", "hash");
        }
        return vault.write(path, body)
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof IllegalArgumentException), this::failure)
                .map(this::signatureOf);
    }

    private Base64URL signatureOf(VaultResponse response) {
        Object value = response.getRequiredData().get("signature");
        String text = value instanceof String s ? s : "";
        // vault:v<n>:<base64url>; the version prefix is Vault's, not part of the JWS
        int colon = text.lastIndexOf(':');
        if (!text.startsWith("vault:v") || colon < 0) {
            throw new IllegalStateException(
                    "Vault Transit answered " + path + " without a vault:v<n>: signature (key of " + source + ")");
        }
        return new Base64URL(text.substring(colon + 1));
    }

    private RuntimeException failure(Throwable error) {
        VaultErrors.Failure failure = VaultErrors.classify(error);
        String what =
                "Vault Transit refused to sign with " + path + " (the key of " + source + "): " + failure.detail();
        if (failure.kind() == VaultErrors.Kind.PERMISSION_DENIED) {
            return new IllegalArgumentException(
                    what + "; grant the token update on " + path + " (vault/VAULT-STORE.md, \"Transit signing\")");
        }
        if (failure.kind() == VaultErrors.Kind.REFUSED) {
            return new IllegalArgumentException(
                    what + "; create it with vault write " + path.replace("/sign/", "/keys/") + " type="
                            + (algorithm.equals(JWSAlgorithm.ES256) ? "ecdsa-p256" : "rsa-2048"));
        }
        return new IllegalStateException(what, error);
    }

    @Override
    public String toString() {
        return "VaultTransitJwsSigner[" + algorithm + ", " + path + ", configured by " + source + "]";
    }
}
