package io.github.saasconnect.store.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeCipherTest {

    private static final byte[] K1 = Keyring.newKey();
    private static final byte[] K2 = Keyring.newKey();
    private static final byte[] K3 = Keyring.newKey();
    private static final byte[] ALICE = "github\0alice-digest".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BOB = "github\0bob-digest".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECRET = "refresh-token-value-1234".getBytes(StandardCharsets.UTF_8);

    private static EnvelopeCipher cipher(Keyring keyring) {
        return new EnvelopeCipher(keyring);
    }

    @Test
    void aSealedRecordOpensWithItsAssociatedDataAndNamesTheActiveKey() {
        EnvelopeCipher cipher = cipher(Keyring.builder().active("k1", K1).build());

        SealedRecord sealed = SealedRecord.parse(cipher.seal(SECRET, ALICE).toBytes());

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(cipher.open(sealed, ALICE)).isEqualTo(SECRET);
        assertThat(new String(sealed.toBytes(), StandardCharsets.ISO_8859_1)).doesNotContain("refresh-token");
    }

    @Test
    void everySealUsesAFreshDataKeyAndNonce() {
        EnvelopeCipher cipher = cipher(Keyring.builder().active("k1", K1).build());

        SealedRecord a = cipher.seal(SECRET, ALICE);
        SealedRecord b = cipher.seal(SECRET, ALICE);

        assertThat(a.wrappedKey().bytes()).isNotEqualTo(b.wrappedKey().bytes());
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void aRecordMovedOntoAnotherRecordDoesNotOpen() {
        EnvelopeCipher cipher = cipher(Keyring.builder().active("k1", K1).build());
        SealedRecord alices = cipher.seal(SECRET, ALICE);

        assertThatThrownBy(() -> cipher.open(alices, BOB)).isInstanceOfSatisfying(RecordCipherException.class, e -> {
            assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.INTEGRITY);
            assertThat(e.keyId()).isEqualTo("k1");
        });
    }

    @Test
    void aTamperedCiphertextOrWrappedKeyIsAnIntegrityFailure() {
        EnvelopeCipher cipher = cipher(Keyring.builder().active("k1", K1).build());
        SealedRecord sealed = cipher.seal(SECRET, ALICE);
        byte[] ciphertext = sealed.ciphertext();
        ciphertext[0] ^= 1;
        byte[] wrapped = sealed.wrappedKey().bytes();
        wrapped[wrapped.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open(new SealedRecord(sealed.wrappedKey(), sealed.nonce(), ciphertext), ALICE))
                .isInstanceOfSatisfying(
                        RecordCipherException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.INTEGRITY));
        assertThatThrownBy(() -> cipher.open(
                        new SealedRecord(new WrappedKey("k1", wrapped), sealed.nonce(), sealed.ciphertext()), ALICE))
                .isInstanceOfSatisfying(
                        RecordCipherException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.INTEGRITY));
    }

    @Test
    void aWrappedKeyRelabelledWithAnotherKnownKeyIdDoesNotOpen() {
        Keyring both = Keyring.builder().active("k2", K2).previous("k1", K1).build();
        SealedRecord sealed = cipher(both).seal(SECRET, ALICE);

        SealedRecord relabelled = new SealedRecord(
                new WrappedKey("k1", sealed.wrappedKey().bytes()), sealed.nonce(), sealed.ciphertext());

        assertThatThrownBy(() -> cipher(both).open(relabelled, ALICE)).isInstanceOf(RecordCipherException.class);
    }

    @Test
    void aRecordUnderAnUnknownKeyIdIsReportedWithThatIdAndNoKeyMaterial() {
        SealedRecord sealed =
                cipher(Keyring.builder().active("old", K1).build()).seal(SECRET, ALICE);
        EnvelopeCipher other = cipher(Keyring.builder().active("new", K2).build());

        assertThatThrownBy(() -> other.open(sealed, ALICE)).isInstanceOfSatisfying(RecordCipherException.class, e -> {
            assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.UNKNOWN_KEY);
            assertThat(e.keyId()).isEqualTo("old");
            assertThat(e.getMessage())
                    .contains("'old'")
                    .contains("previous key")
                    .doesNotContain(Base64.getEncoder().encodeToString(K1))
                    .doesNotContain(Base64.getEncoder().encodeToString(K2));
        });
    }

    @Test
    void theFailureNamesTheConnectionOnceTheStoreKnowsIt() {
        SealedRecord sealed =
                cipher(Keyring.builder().active("old", K1).build()).seal(SECRET, ALICE);
        ConnectionId alice = ConnectionId.of("github", "alice");

        assertThatThrownBy(() -> {
                    try {
                        cipher(Keyring.builder().active("new", K2).build()).open(sealed, ALICE);
                    } catch (RecordCipherException e) {
                        throw e.of(alice);
                    }
                })
                .isInstanceOfSatisfying(RecordCipherException.class, e -> {
                    assertThat(e.connection()).isEqualTo(alice);
                    assertThat(e.registration()).isEqualTo("github");
                    assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.UNKNOWN_KEY);
                    assertThat(e.getMessage()).contains("connection " + alice).contains("'old'");
                });
    }

    @Test
    void rotatingTwiceKeepsEveryRecordReadableAndRewrapMovesItToTheNewestKey() {
        SealedRecord underK1 =
                cipher(Keyring.builder().active("k1", K1).build()).seal(SECRET, ALICE);
        SealedRecord underK2 = cipher(
                        Keyring.builder().active("k2", K2).previous("k1", K1).build())
                .seal(SECRET, BOB);
        EnvelopeCipher rotatedTwice = cipher(Keyring.builder()
                .active("k3", K3)
                .previous("k2", K2)
                .previous("k1", K1)
                .build());

        assertThat(rotatedTwice.open(underK1, ALICE)).isEqualTo(SECRET);
        assertThat(rotatedTwice.open(underK2, BOB)).isEqualTo(SECRET);

        SealedRecord moved = rotatedTwice.rewrap(underK1, ALICE);
        assertThat(moved.keyId()).isEqualTo("k3");
        assertThat(moved.ciphertext()).isEqualTo(underK1.ciphertext());
        assertThat(cipher(Keyring.builder().active("k3", K3).build()).open(moved, ALICE))
                .isEqualTo(SECRET);
        assertThat(rotatedTwice.rewrap(moved, ALICE)).isSameAs(moved);
    }

    @Test
    void malformedStoredBytesAreReportedAsMalformed() {
        assertThatThrownBy(() -> SealedRecord.parse(new byte[] {9, 1, 2}))
                .isInstanceOfSatisfying(
                        RecordCipherException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.MALFORMED));
        assertThatThrownBy(() -> SealedRecord.parse(new byte[] {1, 40, 'a'}))
                .isInstanceOfSatisfying(
                        RecordCipherException.class,
                        e -> assertThat(e.reason()).isEqualTo(RecordCipherException.Reason.MALFORMED));
    }

    @Test
    void keyringConfigurationErrorsNameTheKeyIdAndNeverTheKey() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Keyring.fromBase64("k1", Map.of("k1", shortKey)))
                .withMessageContaining("'k1'")
                .withMessageContaining("32 bytes")
                .withMessageNotContaining(shortKey);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Keyring.fromBase64(
                        "k9", Map.of("k1", Base64.getEncoder().encodeToString(K1))))
                .withMessageContaining("'k9'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Keyring.builder().active("has space", K1))
                .withMessageContaining("key id");
    }

    @Test
    void toStringShowsKeyIdsOnly() {
        Keyring keyring = Keyring.fromBase64(
                "k2",
                Map.of(
                        "k1",
                        Base64.getEncoder().encodeToString(K1),
                        "k2",
                        Base64.getUrlEncoder().encodeToString(K2)));
        SealedRecord sealed = cipher(keyring).seal(SECRET, ALICE);

        assertThat(keyring.toString())
                .isEqualTo("Keyring[active=k2, keys=[k2, k1]]")
                .doesNotContain(Base64.getEncoder().encodeToString(K1));
        assertThat(sealed.toString()).startsWith("SealedRecord[keyId=k2, ");
        assertThat(sealed.wrappedKey().toString()).startsWith("WrappedKey[keyId=k2, ");
        assertThat(keyring.knows("k1")).isTrue();
        assertThat(keyring.knows("k3")).isFalse();
    }
}
