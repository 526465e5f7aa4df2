package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Derived Transit keys (per-request context) and the minimum decryption version. */
class TransitDerivedKeysTest extends AbstractVaultServerTest {

    private static final String PLAINTEXT = b64("data-key");

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options().transitMount("transit");
    }

    @Test
    @DisplayName("a derived key needs the context on every call, and only the same context decrypts")
    void derivedContext() {
        this.http.post("/v1/transit/keys/wrap", "{\"derived\":true}");

        VaultHttp.Reply without = this.http.post("/v1/transit/encrypt/wrap", "{\"plaintext\":\"" + PLAINTEXT + "\"}");
        String ciphertext = this.http
                .post("/v1/transit/encrypt/wrap", body("plaintext", PLAINTEXT, b64("record-a")))
                .data()
                .get("ciphertext")
                .stringValue();
        VaultHttp.Reply same =
                this.http.post("/v1/transit/decrypt/wrap", body("ciphertext", ciphertext, b64("record-a")));
        VaultHttp.Reply other =
                this.http.post("/v1/transit/decrypt/wrap", body("ciphertext", ciphertext, b64("record-b")));

        assertThat(without.status()).isEqualTo(400);
        assertThat(without.firstError()).startsWith("missing 'context' for key derivation");
        assertThat(same.data().get("plaintext").stringValue()).isEqualTo(PLAINTEXT);
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.firstError()).isEqualTo("cipher: message authentication failed");
        assertThat(this.http.get("/v1/transit/keys/wrap").data().get("derived").booleanValue())
                .isTrue();
    }

    @Test
    @DisplayName("rewrap with the context moves to the latest version; min_decryption_version refuses older ones")
    void rewrapAndTrim() {
        this.http.post("/v1/transit/keys/wrap", "{\"derived\":true}");
        String v1 = this.http
                .post("/v1/transit/encrypt/wrap", body("plaintext", PLAINTEXT, b64("r")))
                .data()
                .get("ciphertext")
                .stringValue();
        this.http.post("/v1/transit/keys/wrap/rotate", "{}");

        String v2 = this.http
                .post("/v1/transit/rewrap/wrap", body("ciphertext", v1, b64("r")))
                .data()
                .get("ciphertext")
                .stringValue();
        VaultHttp.Reply config = this.http.post("/v1/transit/keys/wrap/config", "{\"min_decryption_version\":2}");
        VaultHttp.Reply old = this.http.post("/v1/transit/decrypt/wrap", body("ciphertext", v1, b64("r")));
        VaultHttp.Reply current = this.http.post("/v1/transit/decrypt/wrap", body("ciphertext", v2, b64("r")));

        assertThat(v2).startsWith("vault:v2:");
        assertThat(config.data().get("min_decryption_version").intValue()).isEqualTo(2);
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.firstError()).isEqualTo("ciphertext or signature version is disallowed by policy (too old)");
        assertThat(current.data().get("plaintext").stringValue()).isEqualTo(PLAINTEXT);
    }

    @Test
    @DisplayName("signing key types cannot be derived")
    void signingKeysAreNotDerived() {
        VaultHttp.Reply reply = this.http.post("/v1/transit/keys/k", "{\"type\":\"rsa-2048\",\"derived\":true}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(this.http.get("/v1/transit/keys/k").status()).isEqualTo(404);
    }

    private static String body(String field, String value, String context) {
        return "{\"" + field + "\":\"" + value + "\",\"context\":\"" + context + "\"}";
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
