package io.github.saasconnect.testkit.vault;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Transit mount (contract section L) with real cryptography: AES-256-GCM keys (optionally derived per request
 * {@code context}) encrypt, decrypt and rewrap; RSA ({@code rsa-2048}, {@code rsa-3072}, {@code rsa-4096}) and
 * {@code ecdsa-p256} keys sign and publish their public keys. Ciphertext is
 * {@code vault:v<n>:<base64(nonce ‖ ciphertext ‖ tag)>}, a signature {@code vault:v<n>:<base64>} (base64url without
 * padding under {@code marshaling_algorithm=jws}), as Vault writes them. Private keys never leave: export answers
 * 400 for keys that are not exportable.
 */
final class TransitEngine {

    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d+):([A-Za-z0-9+/=]+)");

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final Map<String, String> HASHES =
            Map.of("sha2-256", "SHA-256", "sha2-384", "SHA-384", "sha2-512", "SHA-512");

    private final Map<String, TransitKey> keys = new HashMap<>();

    private final SecureRandom random = new SecureRandom();

    private final Clock clock;

    TransitEngine(Clock clock) {
        this.clock = clock;
    }

    synchronized boolean exists(String name) {
        return this.keys.containsKey(name);
    }

    /** L1: create the key if it does not exist yet (idempotent): {@code type}, {@code derived}, {@code exportable}. */
    synchronized void createKey(String name, JsonNode body) {
        if (this.keys.containsKey(name)) {
            return;
        }
        TransitKey.Type type = TransitKey.Type.of(text(body, "type", "aes256-gcm96"));
        boolean derived = bool(body, "derived");
        if (derived && type.signing) {
            throw VaultError.badRequest(
                    "key derivation and convergent encryption not supported for keys of type " + type.wireName);
        }
        TransitKey key = new TransitKey(type, derived, bool(body, "exportable"));
        key.addVersion(this.clock.instant(), this.random);
        this.keys.put(name, key);
    }

    synchronized ObjectNode readKey(String name) {
        TransitKey key = this.keys.get(name);
        if (key == null) {
            throw VaultError.notFound();
        }
        ObjectNode data = Json.object();
        data.put("name", name);
        data.put("type", key.type.wireName);
        data.put("derived", key.derived);
        if (key.derived) {
            data.put("kdf", "hkdf_sha256");
        }
        data.put("latest_version", key.latest());
        data.put("min_available_version", 0);
        data.put("min_decryption_version", key.minDecryptionVersion);
        data.put("min_encryption_version", key.minEncryptionVersion);
        data.put("deletion_allowed", false);
        data.put("exportable", key.exportable);
        data.put("allow_plaintext_backup", false);
        data.put("supports_encryption", !key.type.signing);
        data.put("supports_decryption", !key.type.signing);
        data.put("supports_derivation", !key.type.signing);
        data.put("supports_signing", key.type.signing);
        ObjectNode versions = data.putObject("keys");
        for (int v = 1; v <= key.latest(); v++) {
            key.describe(v, versions);
        }
        return data;
    }

    /** {@code keys/<name>/config}: {@code min_decryption_version}, {@code min_encryption_version}. */
    synchronized void configure(String name, JsonNode body) {
        TransitKey key = this.keys.get(name);
        if (key == null) {
            throw VaultError.badRequest("no existing key named " + name + " could be found");
        }
        Integer minDecryption = integer(body, "min_decryption_version");
        if (minDecryption != null) {
            if (minDecryption > key.latest()) {
                throw VaultError.badRequest("cannot set min decryption version to a value greater than the latest");
            }
            key.minDecryptionVersion = Math.max(1, minDecryption);
        }
        Integer minEncryption = integer(body, "min_encryption_version");
        if (minEncryption != null) {
            key.minEncryptionVersion = minEncryption;
        }
    }

    /** L4: add a new key version; new encryptions and signatures use it. */
    synchronized void rotate(String name) {
        TransitKey key = this.keys.get(name);
        if (key == null) {
            throw VaultError.badRequest("key not found");
        }
        key.addVersion(this.clock.instant(), this.random);
    }

    /** L2: the caller has already decided whether an unknown key may be created. */
    synchronized ObjectNode encrypt(String name, JsonNode body, boolean mayCreate) {
        byte[] plaintext = base64(body, "plaintext", "failed to base64-decode plaintext");
        if (!this.keys.containsKey(name)) {
            if (!mayCreate) {
                throw VaultError.badRequest("encryption key not found");
            }
            createKey(name, body);
        }
        TransitKey key = encryptionKey(name);
        return ciphertextData(key, plaintext, context(key, body));
    }

    /** L3. */
    synchronized ObjectNode decrypt(String name, JsonNode body) {
        TransitKey key = encryptionKey(name);
        byte[] plaintext = open(key, field(body, "ciphertext"), context(key, body));
        ObjectNode data = Json.object();
        data.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        return data;
    }

    /** L4: decrypt with the version named in the ciphertext, encrypt again with the latest. */
    synchronized ObjectNode rewrap(String name, JsonNode body) {
        TransitKey key = encryptionKey(name);
        byte[] context = context(key, body);
        return ciphertextData(key, open(key, field(body, "ciphertext"), context), context);
    }

    /**
     * {@code sign/<name>[/<hash>]}: {@code input} (base64), {@code hash_algorithm} (default {@code sha2-256}),
     * {@code signature_algorithm} ({@code pss}, the default, or {@code pkcs1v15}; RSA only), {@code salt_length}
     * ({@code auto}, the default, meaning the longest salt, or {@code hash}, or a number; PSS only),
     * {@code marshaling_algorithm} ({@code asn1}, the default, or {@code jws}) and {@code key_version}.
     */
    synchronized ObjectNode sign(String name, String urlHash, JsonNode body) {
        String hashName = urlHash != null ? urlHash : text(body, "hash_algorithm", "sha2-256");
        String hash = HASHES.get(hashName);
        if (hash == null) {
            throw VaultError.badRequest("invalid hash algorithm \"" + hashName + "\"");
        }
        String marshaling = text(body, "marshaling_algorithm", "asn1");
        if (!marshaling.equals("asn1") && !marshaling.equals("jws")) {
            throw VaultError.badRequest("invalid marshaling type \"" + marshaling + "\"");
        }
        TransitKey key = this.keys.get(name);
        if (key == null) {
            throw VaultError.badRequest("encryption key not found");
        }
        if (!key.type.signing) {
            throw VaultError.badRequest("key type " + key.type.wireName + " does not support signing");
        }
        Integer requested = integer(body, "key_version");
        int version = (requested == null || requested == 0) ? key.latest() : requested;
        if (version < 1 || version > key.latest()) {
            throw VaultError.badRequest("requested version for signing is higher than the latest key version");
        }
        byte[] input = base64(body, "input", "unable to decode input as base64");
        byte[] signature = TransitSignatures.sign(
                key, key.version(version).pair().getPrivate(), hash, input, body, marshaling.equals("jws"));
        ObjectNode data = Json.object();
        String encoded = marshaling.equals("jws")
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(signature)
                : Base64.getEncoder().encodeToString(signature);
        data.put("signature", "vault:v" + version + ":" + encoded);
        data.put("key_version", version);
        return data;
    }

    /** {@code export/<type>/<name>[/<version>]}: never for a key created without {@code exportable}. */
    synchronized ObjectNode export(String name) {
        TransitKey key = this.keys.get(name);
        if (key == null) {
            throw VaultError.notFound();
        }
        if (!key.exportable) {
            throw VaultError.badRequest("private key material is not exportable");
        }
        throw VaultError.badRequest("this test server does not export keys");
    }

    private TransitKey encryptionKey(String name) {
        TransitKey key = this.keys.get(name);
        if (key == null) {
            throw VaultError.badRequest("encryption key not found");
        }
        if (key.type.signing) {
            throw VaultError.badRequest("key type " + key.type.wireName + " does not support encryption");
        }
        return key;
    }

    /** The per-request context of a derived key; a derived key without one is refused, as Vault does. */
    private static byte[] context(TransitKey key, JsonNode body) {
        if (!key.derived) {
            return null;
        }
        String context = text(body, "context", "");
        if (context.isEmpty()) {
            throw VaultError.badRequest("missing 'context' for key derivation; the key was created using a derived "
                    + "key, which means additional, per-request information must be included in order to perform "
                    + "operations with the key");
        }
        try {
            return Base64.getDecoder().decode(context);
        } catch (IllegalArgumentException ex) {
            throw VaultError.badRequest("failed to base64-decode context");
        }
    }

    private ObjectNode ciphertextData(TransitKey key, byte[] plaintext, byte[] context) {
        int version = key.latest();
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(key, version, context), new GCMParameterSpec(TAG_BITS, nonce));
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

    private byte[] open(TransitKey key, String ciphertext, byte[] context) {
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
        if (version < 1 || version > key.latest()) {
            throw VaultError.badRequest("invalid key version");
        }
        if (version < key.minDecryptionVersion) {
            throw VaultError.badRequest("ciphertext or signature version is disallowed by policy (too old)");
        }
        if (blob.length < NONCE_BYTES + TAG_BITS / 8) {
            throw VaultError.badRequest("invalid ciphertext: too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    aesKey(key, version, context),
                    new GCMParameterSpec(TAG_BITS, blob, 0, NONCE_BYTES));
            return cipher.doFinal(blob, NONCE_BYTES, blob.length - NONCE_BYTES);
        } catch (AEADBadTagException ex) {
            throw VaultError.badRequest("cipher: message authentication failed");
        } catch (GeneralSecurityException ex) {
            throw VaultError.badRequest("invalid ciphertext: " + ex.getMessage());
        }
    }

    /** The version's key, or for a derived key the key derived from it and {@code context} (HMAC-SHA256 as KDF). */
    private static SecretKey aesKey(TransitKey key, int version, byte[] context) throws GeneralSecurityException {
        SecretKey base = key.version(version).secret();
        if (context == null) {
            return base;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(base.getEncoded(), "HmacSHA256"));
        return new SecretKeySpec(mac.doFinal(context), "AES");
    }

    private static byte[] base64(JsonNode body, String name, String error) {
        try {
            return Base64.getDecoder().decode(text(body, name, ""));
        } catch (IllegalArgumentException ex) {
            throw VaultError.badRequest(error);
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

    static String text(JsonNode body, String name, String fallback) {
        JsonNode value = (body != null && body.isObject()) ? body.get(name) : null;
        return (value == null || value.isNull()) ? fallback : value.asString();
    }

    private static boolean bool(JsonNode body, String name) {
        String value = text(body, name, "false");
        return Boolean.parseBoolean(value);
    }

    private static Integer integer(JsonNode body, String name) {
        String value = text(body, name, null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException ex) {
            throw VaultError.badRequest("error parsing " + name);
        }
    }
}
