package io.github.saasconnect.oauth2;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.connection.internal.Sha256;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636): the verifier kept server-side and its S256 challenge sent in the authorization URL.
 *
 * @param verifier 43 characters of base64url from 256 random bits
 * @param challenge {@code BASE64URL(SHA256(verifier))}
 */
public record PkceChallenge(Secret verifier, String challenge) {

    /** The only method we send: {@code plain} is refused by GitHub and weaker everywhere. */
    public static final String METHOD = "S256";

    /** A fresh random pair. */
    public static PkceChallenge generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new PkceChallenge(Secret.of(verifier), challengeOf(verifier));
    }

    /** The S256 challenge of {@code verifier}. */
    public static String challengeOf(String verifier) {
        // the verifier is unreserved ASCII, whose UTF-8 bytes are its US-ASCII bytes
        return Sha256.base64Url(verifier);
    }
}
