package io.github.saasconnect.testkit.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs ID tokens with HS256, keyed by the client secret (OpenID Connect Core §10.1 allows this for confidential
 * clients). The real providers sign with RS256 keys from their JWKS; the sandboxes do not, so a client that verifies
 * signatures must accept HS256 for them, and a client that only reads claims sees the real claim set.
 */
public final class JwtSigner {

    private JwtSigner() {}

    /** A compact JWS over {@code claims}, signed HS256 with {@code secret}. */
    public static String hs256(Map<String, Object> claims, String secret) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        String signingInput = encode(Json.write(header)) + "." + encode(Json.write(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", impossible);
        }
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
