package io.github.saasconnect.connection.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * States, PKCE verifiers, key material and IVs (the connect flow and the file store) are drawn on event loops, from a
 * generator that never waits for entropy.
 */
class NonBlockingRandomTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxItReadsUrandomNeverTheBlockingDevice() {
        SecureRandom random = NonBlockingRandom.create();

        assertThat(random.getAlgorithm()).isEqualTo(NonBlockingRandom.PREFERRED);
    }

    @Test
    void itIsNeverTheBlockingNativeGenerator() {
        // what new SecureRandom() or getInstanceStrong() may give where securerandom.source is /dev/random
        assertThat(NonBlockingRandom.create().getAlgorithm()).isNotEqualTo("NativePRNGBlocking");
    }

    @Test
    void instancesAreIndependentAndDrawDistinctValues() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        NonBlockingRandom.create().nextBytes(a);
        NonBlockingRandom.create().nextBytes(b);

        assertThat(a).isNotEqualTo(b);
    }
}
