package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Contract Part B, section L (optional): Transit, with real AES-GCM. */
class TransitTest extends AbstractVaultServerTest {

    private static final String PLAINTEXT =
            Base64.getEncoder().encodeToString("refresh-token-value".getBytes(StandardCharsets.UTF_8));

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options()
                .transitMount("transit")
                .token("no-create", VaultPolicy.named("no-create").allow("transit/encrypt/*", Capability.UPDATE));
    }

    private String encrypt(String key) {
        return this.http
                .post("/v1/transit/encrypt/" + key, "{\"plaintext\":\"" + PLAINTEXT + "\"}")
                .data()
                .get("ciphertext")
                .stringValue();
    }

    @Test
    @DisplayName("L1 POST transit/keys/{k} creates a key and answers 204, also when it exists")
    void createKey() {
        // When a key is created twice
        VaultHttp.Reply first = this.http.post("/v1/transit/keys/conn", "{}");
        VaultHttp.Reply second = this.http.post("/v1/transit/keys/conn", "{}");

        // Then both answer 204 and the key has one version
        assertThat(first.status()).isEqualTo(204);
        assertThat(second.status()).isEqualTo(204);
        assertThat(this.http
                        .get("/v1/transit/keys/conn")
                        .data()
                        .get("latest_version")
                        .intValue())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("L2 encrypt answers vault:v<n>: ciphertext; bad base64 is a 400")
    void encrypt() {
        // Given a key
        this.http.post("/v1/transit/keys/conn", "{}");

        // When valid and invalid plaintext is encrypted
        VaultHttp.Reply ok = this.http.post("/v1/transit/encrypt/conn", "{\"plaintext\":\"" + PLAINTEXT + "\"}");
        VaultHttp.Reply bad = this.http.post("/v1/transit/encrypt/conn", "{\"plaintext\":\"%%% not base64\"}");

        // Then the ciphertext carries the key version and the bad input is refused
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.data().get("ciphertext").stringValue()).matches("vault:v1:[A-Za-z0-9+/=]+");
        assertThat(ok.data().get("key_version").intValue()).isEqualTo(1);
        assertThat(ok.data().get("ciphertext").stringValue()).doesNotContain(PLAINTEXT);
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("L2 an unknown key is created on encrypt only when the policy has create, otherwise 400")
    void encryptAutoCreatesOnlyWithCreate() {
        // When a root token and a token without create encrypt with unknown keys
        VaultHttp.Reply root = this.http.post("/v1/transit/encrypt/new-a", "{\"plaintext\":\"" + PLAINTEXT + "\"}");
        VaultHttp.Reply noCreate = new VaultHttp(this.server.uri(), "no-create")
                .post("/v1/transit/encrypt/new-b", "{\"plaintext\":\"" + PLAINTEXT + "\"}");

        // Then only the root token's key is created
        assertThat(root.status()).isEqualTo(200);
        assertThat(noCreate.status()).isEqualTo(400);
        assertThat(this.http.get("/v1/transit/keys/new-b").status()).isEqualTo(404);
    }

    @Test
    @DisplayName("L3 decrypt returns the plaintext; tampered ciphertext or the wrong key is a 400")
    void decrypt() {
        // Given ciphertext from one key and a second key
        this.http.post("/v1/transit/keys/conn", "{}");
        this.http.post("/v1/transit/keys/other", "{}");
        String ciphertext = encrypt("conn");
        char last = ciphertext.charAt(ciphertext.length() - 3);
        String tampered = ciphertext.substring(0, ciphertext.length() - 3)
                + (last == 'A' ? 'B' : 'A')
                + ciphertext.substring(ciphertext.length() - 2);

        // When it is decrypted as is, tampered, and with the other key
        VaultHttp.Reply ok = this.http.post("/v1/transit/decrypt/conn", "{\"ciphertext\":\"" + ciphertext + "\"}");
        VaultHttp.Reply bad = this.http.post("/v1/transit/decrypt/conn", "{\"ciphertext\":\"" + tampered + "\"}");
        VaultHttp.Reply wrongKey =
                this.http.post("/v1/transit/decrypt/other", "{\"ciphertext\":\"" + ciphertext + "\"}");

        // Then only the untouched ciphertext with its own key decrypts
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.data().get("plaintext").stringValue()).isEqualTo(PLAINTEXT);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(wrongKey.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("L4 rotate adds a key version; rewrap moves old ciphertext to it; both still decrypt")
    void rotateAndRewrap() {
        // Given ciphertext under version 1
        this.http.post("/v1/transit/keys/conn", "{}");
        String v1 = encrypt("conn");

        // When the key is rotated and the ciphertext rewrapped
        VaultHttp.Reply rotate = this.http.post("/v1/transit/keys/conn/rotate", "{}");
        VaultHttp.Reply rewrap = this.http.post("/v1/transit/rewrap/conn", "{\"ciphertext\":\"" + v1 + "\"}");
        String v2 = rewrap.data().get("ciphertext").stringValue();

        // Then new ciphertext uses version 2 and both versions decrypt to the same plaintext
        assertThat(rotate.status()).isEqualTo(204);
        assertThat(v2).startsWith("vault:v2:");
        assertThat(rewrap.data().get("key_version").intValue()).isEqualTo(2);
        assertThat(encrypt("conn")).startsWith("vault:v2:");
        for (String ciphertext : new String[] {v1, v2}) {
            assertThat(this.http
                            .post("/v1/transit/decrypt/conn", "{\"ciphertext\":\"" + ciphertext + "\"}")
                            .data()
                            .get("plaintext")
                            .stringValue())
                    .isEqualTo(PLAINTEXT);
        }
    }
}
