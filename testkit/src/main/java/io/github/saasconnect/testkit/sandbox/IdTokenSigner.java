package io.github.saasconnect.testkit.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Signs a sandbox's ID tokens with RS256 under a key id, as Google and Microsoft do, and publishes the public key
 * as the JWK Set at the sandbox's {@code jwks_uri}. Tests rotate the key ({@link #rotateKey()}: the old one is no
 * longer published) or spoil the next token ({@link #nextIdToken(IdTokenFault)}) to see what a client checks.
 */
public final class IdTokenSigner {

    private final AtomicReference<RSAKey> key = new AtomicReference<>(generate());
    private final AtomicReference<IdTokenFault> nextFault = new AtomicReference<>();

    /** Replaces the signing key; the JWK Set then publishes only the new one. */
    public void rotateKey() {
        key.set(generate());
    }

    /** The next ID token has {@code fault}; the ones after it are sound again. */
    public void nextIdToken(IdTokenFault fault) {
        nextFault.set(fault);
    }

    /** The key id of the current signing key. */
    public String keyId() {
        return key.get().getKeyID();
    }

    /** The JWK Set document: the current key's public half. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.get().toPublicJWK()).toJSONObject(true);
    }

    /**
     * The compact JWS of {@code claims} ({@code exp}/{@code iat}/{@code nbf} in epoch seconds), with the pending
     * fault applied.
     */
    public String sign(Map<String, Object> claims, Instant now) {
        IdTokenFault fault = nextFault.getAndSet(null);
        Map<String, Object> c = new LinkedHashMap<>(claims);
        RSAKey signingKey = key.get();
        if (fault != null) {
            switch (fault) {
                case WRONG_NONCE -> c.put("nonce", "not-the-nonce-of-the-request");
                case NO_NONCE -> c.remove("nonce");
                case WRONG_AUDIENCE -> c.put("aud", "another-client");
                case WRONG_ISSUER -> c.put("iss", "https://issuer.invalid");
                case EXPIRED -> {
                    c.put("iat", now.minus(Duration.ofHours(3)).getEpochSecond());
                    c.put("nbf", now.minus(Duration.ofHours(3)).getEpochSecond());
                    c.put("exp", now.minus(Duration.ofHours(2)).getEpochSecond());
                }
                case UNKNOWN_KEY -> signingKey = generate();
                case BAD_SIGNATURE -> {
                    // signed below, then its signature replaced
                }
            }
        }
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(signingKey.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    JWTClaimsSet.parse(c));
            jwt.sign(new RSASSASigner(signingKey));
            if (fault == IdTokenFault.BAD_SIGNATURE) {
                byte[] signature = jwt.getSignature().decode();
                signature[0] ^= 0x01;
                return jwt.getHeader().toBase64URL() + "." + jwt.getPayload().toBase64URL() + "."
                        + Base64URL.encode(signature);
            }
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("could not sign an ID token", e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    @Override
    public String toString() {
        return "IdTokenSigner[kid=" + keyId() + "]";
    }
}
