package io.github.saasconnect.signing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import reactor.core.publisher.Mono;

/**
 * Signs JWTs with one key: locally ({@link LocalJwsSigner}) or where the key lives, such as Vault Transit, so that
 * the private key never enters the application. Implementations never reveal the key in {@code toString()}.
 */
public interface JwsSigner {

    /** The algorithm this key signs with ({@code RS256}, {@code PS256}); headers passed in must name it. */
    JWSAlgorithm algorithm();

    /**
     * The compact serialization of {@code claims} signed under {@code header}.
     *
     * @throws IllegalArgumentException (as the error signal) when the header names another algorithm
     */
    Mono<String> sign(JWSHeader header, JWTClaimsSet claims);

    /** A header for this key's algorithm, typed {@code JWT}, to add parameters to. */
    default JWSHeader.Builder header() {
        return new JWSHeader.Builder(algorithm()).type(com.nimbusds.jose.JOSEObjectType.JWT);
    }
}
