package io.github.saasconnect.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Mono;

/** Signs with an RSA private key held in memory ({@code RS256} or {@code PS256}). */
public final class LocalJwsSigner implements JwsSigner {

    /** The algorithms an RSA key signs with here. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    private final RSASSASigner signer;
    private final JWSAlgorithm algorithm;
    private final String source;

    /**
     * @param key the private key
     * @param algorithm {@code RS256} or {@code PS256}
     * @param source where the key came from (a property name), for {@code toString()} and messages
     */
    public LocalJwsSigner(RSAPrivateKey key, JWSAlgorithm algorithm, String source) {
        Objects.requireNonNull(key, "key");
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("the key of " + source + " signs with RS256 or PS256, not " + algorithm);
        }
        if (key.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("the RSA key of " + source + " has "
                    + key.getModulus().bitLength() + " bits; providers require at least 2048");
        }
        this.signer = new RSASSASigner(key);
        this.algorithm = algorithm;
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A signer over the RSA private key in {@code pem} (PKCS#8 or PKCS#1). */
    public static LocalJwsSigner fromPem(String pem, JWSAlgorithm algorithm, String source) {
        return new LocalJwsSigner(PemKeys.rsaPrivateKey(pem, source), algorithm, source);
    }

    @Override
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public Mono<String> sign(JWSHeader header, JWTClaimsSet claims) {
        return Mono.fromCallable(() -> {
            if (!algorithm.equals(header.getAlgorithm())) {
                throw new IllegalArgumentException("the key of " + source + " signs with " + algorithm
                        + " but the header names " + header.getAlgorithm());
            }
            SignedJWT jwt = new SignedJWT(header, claims);
            try {
                jwt.sign(signer);
            } catch (JOSEException e) {
                // Nimbus's messages name algorithms and lengths, never key material
                throw new IllegalStateException("signing with the key of " + source + " failed: " + e.getMessage());
            }
            return jwt.serialize();
        });
    }

    @Override
    public String toString() {
        return "LocalJwsSigner[" + algorithm + ", key from " + source + "]";
    }
}
