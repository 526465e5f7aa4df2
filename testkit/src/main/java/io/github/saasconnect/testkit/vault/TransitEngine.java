package io.github.saasconnect.testkit.vault;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Transit mount (contract section L) with real AES-256-GCM, so tampered ciphertext is detected. Ciphertext is
 * {@code vault:v<n>:<base64(nonce ‖ ciphertext ‖ tag)>}, as Vault writes it.
 */
final class TransitEngine {

    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d+):([A-Za-z0-9+/=]+)");

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private final Map<String, List<KeyVersion>> keys = new HashMap<>();

    private final SecureRandom random = new SecureRandom();

    private final Clock clock;

    TransitEngine(Clock clock) {
        this.clock = clock;
    }

    private record KeyVersion(SecretKey key, Instant createdAt) {}

    synchronized boolean exists(String name) {
        return this.keys.containsKey(name);
    }

    /** L1: create the key if it does not exist yet (idempotent). */
    synchronized void createKey(String name) {
        this.keys.computeIfAbsent(name, n -> new ArrayList<>(List.of(newVersion())));
    }

    synchronized ObjectNode readKey(String name) {
        List<KeyVersion> versions = this.keys.get(name);
        if (versions == null) {
            throw VaultError.notFound();
        }
        ObjectNode data = Json.object();
        data.put("name", name);
        data.put("type", "aes256-gcm96");
        data.put("latest_version", versions.size());
        data.put("min_decryption_version", 1);
        data.put("min_encryption_version", 0);
        data.put("deletion_allowed", false);
        data.put("exportable", false);
        data.put("supports_encryption", true);
        data.put("supports_decryption", true);
        ObjectNode versionTimes = data.putObject("keys");
        for (int i = 0; i < versions.size(); i++) {
            versionTimes.put(
                    Integer.toString(i + 1), versions.get(i).createdAt().getEpochSecond());
        }
        return data;
    }

    /** L4: add a new key version; new encryptions use it. */
    synchronized void rotate(String name) {
        List<KeyVersion> versions = this.keys.get(name);
        if (versions == null) {
            throw VaultError.badRequest("key not found");
        }
        versions.add(newVersion());
    }

    /** L2: the caller has already decided whether an unknown key may be created. */
    synchronized ObjectNode encrypt(String name, JsonNode body, boolean mayCreate) {
        byte[] plaintext = plaintext(body);
        if (!this.keys.containsKey(name)) {
            if (!mayCreate) {
                throw VaultError.badRequest("encryption key not found");
            }
            createKey(name);
        }
        return ciphertextData(name, plaintext);
    }

    /** L3. */
    synchronized ObjectNode decrypt(String name, JsonNode body) {
        byte[] plaintext = open(name, field(body, "ciphertext"));
        ObjectNode data = Json.object();
        data.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        return data;
    }

    /** L4: decrypt with the version named in the ciphertext, encrypt again with the latest. */
    synchronized ObjectNode rewrap(String name, JsonNode body) {
        return ciphertextData(name, open(name, field(body, "ciphertext")));
    }

    private ObjectNode ciphertextData(String name, byte[] plaintext) {
        List<KeyVersion> versions = this.keys.get(name);
        int version = versions.size();
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, versions.get(version - 1).key(), new GCMParameterSpec(TAG_BITS, nonce));
            sealed = cipher.doFinal(plaintext);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM is not available", ex);
        }
        byte[] blob = ByteBuffer.allocate(nonce.length + sealed.length)
                .put(nonce)
                .put(sealed)
                .array();
        ObjectNode data = Json.object();
        data.put("ciphertext", "vault:v" + version + ":" + Base64.getEncoder().encodeToString(blob));
        data.put("key_version", version);
        return data;
    }

    private byte[] open(String name, String ciphertext) {
        List<KeyVersion> versions = this.keys.get(name);
        if (versions == null) {
            throw VaultError.badRequest("encryption key not found");
        }
        Matcher matcher = CIPHERTEXT.matcher(ciphertext);
        if (!matcher.matches()) {
            throw VaultError.badRequest("invalid ciphertext: no prefix");
        }
        int version;
        byte[] blob;
        try {
            version = Integer.parseInt(matcher.group(1));
            blob = Base64.getDecoder().decode(matcher.group(2));
        } catch (IllegalArgumentException ex) {
            throw VaultError.badRequest("invalid ciphertext: could not decode");
        }
        if (version < 1 || version > versions.size()) {
            throw VaultError.badRequest("invalid key version");
        }
        if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
            throw VaultError.badRequest("invalid ciphertext: too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    versions.get(version - 1).key(),
                    new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            return cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
        } catch (AEADBadTagException ex) {
            throw VaultError.badRequest("cipher: message authentication failed");
        } catch (GeneralSecurityException ex) {
            throw VaultError.badRequest("invalid ciphertext: " + ex.getMessage());
        }
    }

    private static byte[] plaintext(JsonNode body) {
        try {
            return Base64.getDecoder().decode(field(body, "plaintext"));
        } catch (IllegalArgumentException ex) {
            throw VaultError.badRequest("failed to base64-decode plaintext");
        }
    }

    private static String field(JsonNode body, String name) {
        JsonNode value = (body != null && body.isObject()) ? body.get(name) : null;
        if (value == null || !value.isString()) {
            throw VaultError.badRequest(
                    "missing " + name + " to " + (name.equals("plaintext") ? "encrypt" : "decrypt"));
        }
        return value.stringValue();
    }

    private KeyVersion newVersion() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, this.random);
            return new KeyVersion(generator.generateKey(), this.clock.instant());
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES is not available", ex);
        }
    }
}
