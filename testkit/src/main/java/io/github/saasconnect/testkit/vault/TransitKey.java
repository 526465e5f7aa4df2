package io.github.saasconnect.testkit.vault;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import tools.jackson.databind.node.ObjectNode;

/**
 * One named Transit key: its type, its flags and its versions (1-based). Symmetric versions hold an AES-256 key,
 * signing versions an RSA or ECDSA key pair. Not thread-safe: {@link TransitEngine} serializes access.
 */
final class TransitKey {

    /** The key types served, with whether they sign (else they encrypt). */
    enum Type {
        AES256_GCM96("aes256-gcm96", false),
        RSA_2048("rsa-2048", true),
        RSA_3072("rsa-3072", true),
        RSA_4096("rsa-4096", true),
        ECDSA_P256("ecdsa-p256", true);

        final String wireName;
        final boolean signing;

        Type(String wireName, boolean signing) {
            this.wireName = wireName;
            this.signing = signing;
        }

        static Type of(String name) {
            for (Type type : values()) {
                if (type.wireName.equals(name)) {
                    return type;
                }
            }
            throw VaultError.badRequest("unknown key type: " + name);
        }

        boolean rsa() {
            return this == RSA_2048 || this == RSA_3072 || this == RSA_4096;
        }

        int rsaBits() {
            return Integer.parseInt(this.wireName.substring("rsa-".length()));
        }
    }

    /** One version: an AES key or a key pair, and when it was made. */
    record Version(SecretKey secret, KeyPair pair, Instant createdAt) {}

    final Type type;
    final boolean derived;
    final boolean exportable;
    final List<Version> versions = new ArrayList<>();
    int minDecryptionVersion = 1;
    int minEncryptionVersion;

    TransitKey(Type type, boolean derived, boolean exportable) {
        this.type = type;
        this.derived = derived;
        this.exportable = exportable;
    }

    int latest() {
        return this.versions.size();
    }

    Version version(int number) {
        return this.versions.get(number - 1);
    }

    void addVersion(Instant now, SecureRandom random) {
        try {
            if (!this.type.signing) {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256, random);
                this.versions.add(new Version(generator.generateKey(), null, now));
            } else if (this.type.rsa()) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(
                        new RSAKeyGenParameterSpec(this.type.rsaBits(), RSAKeyGenParameterSpec.F4), random);
                this.versions.add(new Version(null, generator.generateKeyPair(), now));
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                this.versions.add(new Version(null, generator.generateKeyPair(), now));
            }
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("cannot generate a " + this.type.wireName + " key", ex);
        }
    }

    /** What {@code GET keys/<name>} reports for a version: a timestamp, or the public key for a signing key. */
    void describe(int number, ObjectNode keys) {
        Version version = version(number);
        String field = Integer.toString(number);
        if (!this.type.signing) {
            keys.put(field, version.createdAt().getEpochSecond());
            return;
        }
        ObjectNode entry = keys.putObject(field);
        entry.put("creation_time", VaultTime.format(version.createdAt()));
        entry.put("name", this.type.rsa() ? "rsa-" + this.type.rsaBits() : "P-256");
        entry.put("public_key", publicKeyPem(version));
    }

    private static String publicKeyPem(Version version) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(version.pair().getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
