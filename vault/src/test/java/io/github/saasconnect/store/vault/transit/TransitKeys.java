package io.github.saasconnect.store.vault.transit;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.springframework.vault.core.VaultTemplate;

/** Creating Transit keys as an operator would (root token) and reading the public key Vault reports. */
final class TransitKeys {

    private TransitKeys() {}

    static void create(VaultTemplate root, String name, Map<String, Object> settings) {
        root.write("transit/keys/" + name, settings);
    }

    /** {@code keys.<version>.public_key} of {@code GET transit/keys/<name>}, parsed. */
    @SuppressWarnings("unchecked")
    static PublicKey publicKey(VaultTemplate root, String name, int version, String algorithm) throws Exception {
        Map<String, Object> keys = (Map<String, Object>)
                root.read("transit/keys/" + name).getRequiredData().get("keys");
        String pem = (String) ((Map<String, Object>) keys.get(Integer.toString(version))).get("public_key");
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm)
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
