package io.github.saasconnect.testkit.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** RFC 7636 checks. */
public final class Pkce {

    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private Pkce() {}

    /** Whether {@code verifier} is well formed and matches {@code challenge} under {@code method} (null = plain). */
    public static boolean matches(String method, String challenge, String verifier) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        if (method == null || "plain".equals(method)) {
            return verifier.equals(challenge);
        }
        if ("S256".equals(method)) {
            return s256(verifier).equals(challenge);
        }
        return false;
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))} without padding. */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", impossible);
        }
    }
}
