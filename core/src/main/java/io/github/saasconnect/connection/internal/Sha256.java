package io.github.saasconnect.connection.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 of text in UTF-8, the one digest SaaS Connect takes of secrets, states, keys and PKCE verifiers. Internal:
 * not an API, may change in any release.
 */
public final class Sha256 {

    private Sha256() {}

    /** The digest of {@code text} encoded as UTF-8 (for ASCII text, the same bytes as US-ASCII). */
    public static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The digest of {@code text} in base64url without padding: 43 characters, safe in paths and URLs. */
    public static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(text));
    }
}
