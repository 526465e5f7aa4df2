package io.github.saasconnect.store.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption: every record gets a fresh random 256-bit data key, the record is encrypted with it
 * (AES-256-GCM, random 96-bit nonce, the associated data authenticated), and the data key is wrapped by the
 * {@link KeyWrapper}'s active key, bound to the same associated data.
 */
public final class EnvelopeCipher implements RecordCipher {

    static final int DATA_KEY_LENGTH = 32;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyWrapper keys;

    public EnvelopeCipher(KeyWrapper keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public String activeKeyId() {
        return keys.activeKeyId();
    }

    @Override
    public SealedRecord seal(byte[] plaintext, byte[] associatedData) {
        byte[] dataKey = new byte[DATA_KEY_LENGTH];
        RANDOM.nextBytes(dataKey);
        try {
            byte[] nonce = new byte[SealedRecord.NONCE_LENGTH];
            RANDOM.nextBytes(nonce);
            byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, dataKey, nonce, associatedData, plaintext);
            return new SealedRecord(keys.wrap(dataKey, associatedData), nonce, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM is not available in this JVM: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public byte[] open(SealedRecord sealed, byte[] associatedData) {
        byte[] dataKey = keys.unwrap(sealed.wrappedKey(), associatedData);
        try {
            return gcm(Cipher.DECRYPT_MODE, dataKey, sealed.nonce(), associatedData, sealed.ciphertext());
        } catch (GeneralSecurityException e) { // AEADBadTagException: damaged, or another record's
            throw RecordCipherException.integrity(sealed.keyId());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public SealedRecord rewrap(SealedRecord sealed, byte[] associatedData) {
        if (sealed.keyId().equals(keys.activeKeyId())) {
            return sealed;
        }
        return new SealedRecord(keys.rewrap(sealed.wrappedKey(), associatedData), sealed.nonce(), sealed.ciphertext());
    }

    static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] associatedData, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(input);
    }
}
