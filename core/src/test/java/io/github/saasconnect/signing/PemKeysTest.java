package io.github.saasconnect.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.testkit.TestKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PemKeysTest {

    private static final String SOURCE = "saas-connect.providers.gh.app.private-key.pem";

    @Test
    void pkcs1AndPkcs8FormsOfOneKeyAreTheSameKey() {
        assertThat(PemKeys.rsaPrivateKey(TestKeys.APP.pkcs1PrivateKeyPem(), SOURCE))
                .isEqualTo(PemKeys.rsaPrivateKey(TestKeys.APP.privateKeyPem(), SOURCE));
    }

    @Test
    void aLocalSignerProducesAJwtTheCertificatesKeyVerifies() throws Exception {
        LocalJwsSigner signer = LocalJwsSigner.fromPem(TestKeys.APP.pkcs1PrivateKeyPem(), JWSAlgorithm.PS256, SOURCE);

        String jwt = signer.sign(
                        signer.header().build(),
                        new JWTClaimsSet.Builder().issuer("123").build())
                .block(Duration.ofSeconds(5));

        SignedJWT parsed = SignedJWT.parse(jwt);
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
        assertThat(parsed.verify(new RSASSAVerifier(TestKeys.APP.publicKey()))).isTrue();
        assertThat(signer.toString()).contains(SOURCE).doesNotContain("PRIVATE");
    }

    @Test
    void aHeaderForAnotherAlgorithmIsRefused() {
        LocalJwsSigner signer = LocalJwsSigner.fromPem(TestKeys.APP.privateKeyPem(), JWSAlgorithm.RS256, SOURCE);

        assertThatThrownBy(() -> signer.sign(
                                new com.nimbusds.jose.JWSHeader(JWSAlgorithm.PS256), new JWTClaimsSet.Builder().build())
                        .block())
                .hasMessageContaining("signs with RS256 but the header names PS256");
    }

    @Test
    void textWithoutAPemBlockIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey("/etc/keys/app.pem", SOURCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(SOURCE + " must hold an RSA private key in PEM form (-----BEGIN ...-----); it holds no PEM "
                        + "block");
    }

    @Test
    void aTruncatedKeyIsRefusedWithoutEchoingIt() {
        String pem = TestKeys.APP.pkcs1PrivateKeyPem();
        String corrupted = pem.substring(0, 64 * 10) + "\n-----END RSA PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PemKeys.rsaPrivateKey(corrupted, SOURCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SOURCE)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.substring(40, 70)));
    }

    @Test
    void ecKeysAreTheWrongTypeInEitherForm() {
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey(TestKeys.ecPrivateKeyPem(), SOURCE))
                .hasMessageContaining("wrong type")
                .hasMessageContaining("an RSA private key is required");
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey(TestKeys.ecSec1PrivateKeyPem(), SOURCE))
                .hasMessageContaining("wrong type (EC PRIVATE KEY)");
    }

    @Test
    void aCertificateWhereAKeyBelongsIsNamedForWhatItIs() {
        assertThatThrownBy(() -> PemKeys.rsaPrivateKey(TestKeys.APP.certificatePem(), SOURCE))
                .hasMessageContaining("PEM block 'CERTIFICATE', not a private key");
        assertThatThrownBy(() -> PemKeys.certificate(TestKeys.APP.privateKeyPem(), "app.certificate"))
                .hasMessageContaining("app.certificate holds a PEM block 'PRIVATE KEY', not a certificate");
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheWayOut() {
        String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";

        assertThatThrownBy(() -> PemKeys.rsaPrivateKey(encrypted, SOURCE))
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void theThumbprintIsTheBase64UrlSha256OfTheCertificate() throws Exception {
        byte[] der = TestKeys.APP.certificate().getEncoded();
        String expected = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        java.security.MessageDigest.getInstance("SHA-256").digest(der));

        assertThat(PemKeys.thumbprintS256(PemKeys.certificate(TestKeys.APP.certificatePem(), "c"))
                        .toString())
                .isEqualTo(expected);
    }
}
