package io.github.saasconnect.testkit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Transit signing keys: types, public keys per version, sign with Vault's parameters, and nothing exported. */
class TransitSigningTest extends AbstractVaultServerTest {

    @Override
    VaultTestServer.Options options() {
        return VaultTestServer.options()
                .transitMount("transit")
                .token("signer", VaultPolicy.named("signer").allow("transit/sign/app", Capability.UPDATE));
    }

    @Test
    @DisplayName("an RSA key publishes a PEM public key per version; pkcs1v15 signatures verify as RS256")
    void rsaPkcs1() throws Exception {
        this.http.post("/v1/transit/keys/app", "{\"type\":\"rsa-2048\",\"exportable\":false}");

        String input = "header.payload";
        VaultHttp.Reply signed = this.http.post(
                "/v1/transit/sign/app/sha2-256",
                "{\"input\":\"" + b64(input)
                        + "\",\"signature_algorithm\":\"pkcs1v15\",\"marshaling_algorithm\":\"jws\"}");

        assertThat(signed.status()).isEqualTo(200);
        String signature = signed.data().get("signature").stringValue();
        assertThat(signature)
                .startsWith("vault:v1:")
                .doesNotContain("=")
                .doesNotContain("+")
                .doesNotContain("/");
        RSAPublicKey key = (RSAPublicKey) publicKey("app", 1, "RSA");
        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        JWSObject jws = new JWSObject(
                new JWSHeader(JWSAlgorithm.RS256).toBase64URL(),
                new Payload("x"),
                new Base64URL(signature.substring("vault:v1:".length())));
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(key);
        verify.update(input.getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(jws.getSignature().decode())).isTrue();
    }

    @Test
    @DisplayName("PSS with salt_length=hash verifies as PS256; Vault's default salt (auto) does not")
    void rsaPss() throws Exception {
        this.http.post("/v1/transit/keys/app", "{\"type\":\"rsa-3072\"}");
        String signingInput = signingInput(JWSAlgorithm.PS256);
        JWSVerifier verifier = new RSASSAVerifier((RSAPublicKey) publicKey("app", 1, "RSA"));

        String hashSalt = sign("app", signingInput, "\"signature_algorithm\":\"pss\",\"salt_length\":\"hash\"");
        String autoSalt = sign("app", signingInput, "\"signature_algorithm\":\"pss\"");

        assertThat(JWSObject.parse(signingInput + "." + hashSalt).verify(verifier))
                .isTrue();
        assertThat(JWSObject.parse(signingInput + "." + autoSalt).verify(verifier))
                .isFalse();
    }

    @Test
    @DisplayName("ecdsa-p256 with marshaling_algorithm=jws gives the 64-byte r||s form ES256 needs")
    void ecdsaJws() throws Exception {
        this.http.post("/v1/transit/keys/app", "{\"type\":\"ecdsa-p256\"}");
        String signingInput = signingInput(JWSAlgorithm.ES256);

        String signature = sign("app", signingInput, "\"marshaling_algorithm\":\"jws\"");

        assertThat(Base64.getUrlDecoder().decode(signature)).hasSize(64);
        assertThat(JWSObject.parse(signingInput + "." + signature)
                        .verify(new ECDSAVerifier((ECPublicKey) publicKey("app", 1, "EC"))))
                .isTrue();
        assertThat(this.http
                        .get("/v1/transit/keys/app")
                        .data()
                        .get("keys")
                        .get("1")
                        .get("name")
                        .stringValue())
                .isEqualTo("P-256");
    }

    @Test
    @DisplayName("after a rotation, signatures name v2 and key_version picks an older version")
    void rotation() {
        this.http.post("/v1/transit/keys/app", "{\"type\":\"ecdsa-p256\"}");
        this.http.post("/v1/transit/keys/app/rotate", "{}");

        VaultHttp.Reply latest = this.http.post("/v1/transit/sign/app", "{\"input\":\"" + b64("x") + "\"}");
        VaultHttp.Reply old =
                this.http.post("/v1/transit/sign/app", "{\"input\":\"" + b64("x") + "\",\"key_version\":1}");

        assertThat(latest.data().get("signature").stringValue()).startsWith("vault:v2:");
        assertThat(old.data().get("signature").stringValue()).startsWith("vault:v1:");
        assertThat(this.http
                        .get("/v1/transit/keys/app")
                        .data()
                        .get("latest_version")
                        .intValue())
                .isEqualTo(2);
    }

    @Test
    @DisplayName("unknown keys, encryption keys and bad hashes are 400s with Vault's messages")
    void badRequests() {
        this.http.post("/v1/transit/keys/aes", "{}");

        VaultHttp.Reply unknown = this.http.post("/v1/transit/sign/nope", "{\"input\":\"" + b64("x") + "\"}");
        VaultHttp.Reply aes = this.http.post("/v1/transit/sign/aes", "{\"input\":\"" + b64("x") + "\"}");
        VaultHttp.Reply hash = this.http.post("/v1/transit/sign/aes/md5", "{\"input\":\"" + b64("x") + "\"}");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.firstError()).isEqualTo("encryption key not found");
        assertThat(aes.firstError()).isEqualTo("key type aes256-gcm96 does not support signing");
        assertThat(hash.firstError()).isEqualTo("invalid hash algorithm \"md5\"");
    }

    @Test
    @DisplayName("a key that is not exportable cannot be exported, and a sign-only token reads nothing")
    void nothingLeaves() {
        this.http.post("/v1/transit/keys/app", "{\"type\":\"rsa-2048\",\"exportable\":false}");
        VaultHttp signer = new VaultHttp(this.server.uri(), "signer");

        VaultHttp.Reply export = this.http.get("/v1/transit/export/signing-key/app");
        VaultHttp.Reply sign = signer.post("/v1/transit/sign/app", "{\"input\":\"" + b64("x") + "\"}");
        VaultHttp.Reply read = signer.get("/v1/transit/keys/app");
        VaultHttp.Reply exportBySigner = signer.get("/v1/transit/export/signing-key/app/1");

        assertThat(export.status()).isEqualTo(400);
        assertThat(export.firstError()).isEqualTo("private key material is not exportable");
        assertThat(sign.status()).isEqualTo(200);
        assertThat(read.status()).isEqualTo(403);
        assertThat(read.body()).isEqualTo("{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}");
        assertThat(exportBySigner.status()).isEqualTo(403);
    }

    private String sign(String key, String signingInput, String parameters) {
        VaultHttp.Reply reply = this.http.post(
                "/v1/transit/sign/" + key,
                "{\"input\":\"" + b64(signingInput) + "\",\"marshaling_algorithm\":\"jws\"," + parameters + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        String signature = reply.data().get("signature").stringValue();
        return signature.substring(signature.lastIndexOf(':') + 1);
    }

    private static String signingInput(JWSAlgorithm algorithm) {
        return new JWSHeader(algorithm).toBase64URL() + "." + Base64URL.encode("{\"iss\":\"test\"}");
    }

    private PublicKey publicKey(String name, int version, String algorithm) throws Exception {
        String pem = this.http
                .get("/v1/transit/keys/" + name)
                .data()
                .get("keys")
                .get(Integer.toString(version))
                .get("public_key")
                .stringValue();
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm)
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
