package io.github.saasconnect.testkit.sandbox.internal;

import java.security.SecureRandom;

/**
 * How a provider's codes and tokens look: a prefix and a total length each. Values are random URL-safe text.
 *
 * @param codePrefix prefix of authorization codes
 * @param codeLength total length of authorization codes
 * @param accessPrefix prefix of access tokens
 * @param accessLength total length of access tokens
 * @param refreshPrefix prefix of refresh tokens
 * @param refreshLength total length of refresh tokens
 */
public record TokenFormat(
        String codePrefix,
        int codeLength,
        String accessPrefix,
        int accessLength,
        String refreshPrefix,
        int refreshLength) {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    String code(SecureRandom random) {
        return generate(random, codePrefix, codeLength);
    }

    String accessToken(SecureRandom random) {
        return generate(random, accessPrefix, accessLength);
    }

    String refreshToken(SecureRandom random) {
        return generate(random, refreshPrefix, refreshLength);
    }

    /** Random text of {@code length} characters in total, starting with {@code prefix}. */
    public static String generate(SecureRandom random, String prefix, int length) {
        StringBuilder value = new StringBuilder(Math.max(length, prefix.length())).append(prefix);
        while (value.length() < length) {
            value.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return value.toString();
    }
}
