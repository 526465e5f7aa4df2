package io.github.saasconnect.connection.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The {@link SecureRandom} for states, PKCE verifiers, nonces and IVs, which are drawn on event loops: one that never
 * waits for entropy. {@code NativePRNGNonBlocking} ({@code /dev/urandom}) where the platform has it; elsewhere
 * {@code DRBG}, seeded here, at construction, so that its first seeding does not happen on an event loop either.
 * Never {@code SecureRandom.getInstanceStrong()}, which may block on {@code /dev/random}.
 */
public final class NonBlockingRandom {

    /** The algorithm preferred where the platform offers it. */
    public static final String PREFERRED = "NativePRNGNonBlocking";

    private NonBlockingRandom() {}

    /** A new, already seeded instance. */
    public static SecureRandom create() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance(PREFERRED);
        } catch (NoSuchAlgorithmException notOnThisPlatform) {
            try {
                random = SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException noDrbg) {
                random = new SecureRandom();
            }
        }
        // the first draw seeds the generator: here, on the caller's thread at construction, not on an event loop
        random.nextBytes(new byte[1]);
        return random;
    }
}
