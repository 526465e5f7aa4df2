package io.github.saasconnect.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A secret shows a fingerprint, never its value, and compares in constant time. */
class SecretTest {

    private static final String VALUE = "gho_16C7e42F292c6912E7710c838347Ae178B4a";

    @Test
    void toStringShowsTheFingerprintOnly() throws Exception {
        // Given
        Secret secret = Secret.of(VALUE);
        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(VALUE.getBytes(StandardCharsets.UTF_8)));

        // Then
        assertThat(secret.toString())
                .isEqualTo("Secret[sha256:" + sha256.substring(0, 8) + "]")
                .doesNotContain(VALUE)
                .doesNotContain(VALUE.substring(4, 12));
        assertThat(secret.fingerprint()).hasSize(8).isEqualTo(sha256.substring(0, 8));
        assertThat(secret.reveal()).isEqualTo(VALUE);
    }

    @Test
    void recordsHoldingASecretPrintItsFingerprintOnly() {
        // Given
        AccessToken token = new AccessToken(
                ConnectionId.of("github", "alice"),
                Secret.of(VALUE),
                Instant.parse("2026-11-25T11:00:00Z"),
                "Bearer",
                Set.of("repo"));

        // Then
        assertThat(token.toString())
                .doesNotContain(VALUE)
                .contains(Secret.of(VALUE).fingerprint());
    }

    @Test
    void differentSecretsHaveDifferentFingerprints() {
        assertThat(Secret.of("token-a").fingerprint())
                .isNotEqualTo(Secret.of("token-b").fingerprint());
    }

    @Test
    void sameAsComparesValues() {
        // Given
        Secret a = Secret.of(VALUE);

        // Then
        assertThat(a.sameAs(Secret.of(new String(VALUE.toCharArray())))).isTrue();
        assertThat(a.sameAs(Secret.of(VALUE + "x"))).isFalse();
        assertThat(a.sameAs(Secret.of(VALUE.substring(1)))).isFalse();
        assertThat(a.sameAs(Secret.of(VALUE.toLowerCase()))).isFalse();
        assertThat(a.sameAs(null)).isFalse();
    }

    @Test
    void equalsAndHashCodeFollowSameAs() {
        assertThat(Secret.of(VALUE))
                .isEqualTo(Secret.of(VALUE))
                .hasSameHashCodeAs(Secret.of(VALUE))
                .isNotEqualTo(Secret.of("other"));
    }

    @Test
    void emptyValueIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> Secret.of("")).withMessageContaining("must not be empty");
        assertThatNullPointerException().isThrownBy(() -> Secret.of(null)).withMessageContaining("must not be null");
    }

    @Test
    void ofNullableTurnsNothingIntoNull() {
        assertThat(Secret.ofNullable(null)).isNull();
        assertThat(Secret.ofNullable("")).isNull();
        assertThat(Secret.ofNullable(VALUE).reveal()).isEqualTo(VALUE);
    }
}
