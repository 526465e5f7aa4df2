package io.github.saasconnect.store.vault.transit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.saasconnect.store.vault.TestVaultClients;
import io.github.saasconnect.store.vault.VaultTransitJwsSigner;
import io.github.saasconnect.testkit.vault.VaultTestServer;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.vault.core.VaultTemplate;

/** JWTs signed inside the test kit's Vault Transit verify with the public key Vault reports. */
class VaultTransitJwsSignerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final JWTClaimsSet CLAIMS =
            new JWTClaimsSet.Builder().issuer("app-1").subject("sub").build();

    private final VaultTestServer vault =
            VaultTestServer.start(VaultTestServer.options().transitMount("transit"));
    private final VaultTemplate root = TestVaultClients.blocking(vault.uri(), vault.token());

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultTransitJwsSigner signer(String key, JWSAlgorithm algorithm) {
        return new VaultTransitJwsSigner(
                TestVaultClients.reactive(vault.uri(), vault.token()), "transit", key, algorithm, "test.key", TIMEOUT);
    }

    private SignedJWT sign(VaultTransitJwsSigner signer) throws Exception {
        return SignedJWT.parse(
                signer.sign(signer.header().keyID("kid-1").build(), CLAIMS).block(TIMEOUT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa-2048", "rsa-3072", "rsa-4096"})
    void rs256AndPs256VerifyWithTheRsaPublicKeyVaultReports(String type) throws Exception {
        TransitKeys.create(root, "app", Map.of("type", type, "exportable", false));
        JWSVerifier verifier = new RSASSAVerifier((RSAPublicKey) TransitKeys.publicKey(root, "app", 1, "RSA"));

        SignedJWT rs256 = sign(signer("app", JWSAlgorithm.RS256));
        SignedJWT ps256 = sign(signer("app", JWSAlgorithm.PS256));

        assertThat(rs256.verify(verifier)).isTrue();
        assertThat(ps256.verify(verifier)).isTrue();
        assertThat(rs256.getHeader().getKeyID()).isEqualTo("kid-1");
        assertThat(rs256.getJWTClaimsSet().getIssuer()).isEqualTo("app-1");
        assertThat(signer("app", JWSAlgorithm.RS256).check().block(TIMEOUT)).isNull();
    }

    @Test
    void es256UsesJwsMarshalingAndVerifiesWithTheEcPublicKey() throws Exception {
        TransitKeys.create(root, "ec", Map.of("type", "ecdsa-p256"));

        SignedJWT jwt = sign(signer("ec", JWSAlgorithm.ES256));

        assertThat(jwt.getSignature().decode()).hasSize(64);
        assertThat(jwt.verify(new ECDSAVerifier((ECPublicKey) TransitKeys.publicKey(root, "ec", 1, "EC"))))
                .isTrue();
        assertThat(vault.requests())
                .filteredOn(r -> r.vaultPath().equals("transit/sign/ec"))
                .hasSize(1);
    }

    @Test
    void afterARotationTheJwtVerifiesWithTheNewVersionsKeyOnly() throws Exception {
        TransitKeys.create(root, "app", Map.of("type", "rsa-2048"));
        root.write("transit/keys/app/rotate", Map.of());

        SignedJWT jwt = sign(signer("app", JWSAlgorithm.RS256));

        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TransitKeys.publicKey(root, "app", 2, "RSA"))))
                .isTrue();
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) TransitKeys.publicKey(root, "app", 1, "RSA"))))
                .isFalse();
    }

    @Test
    void aHeaderNamingAnotherAlgorithmIsRefusedBeforeVaultIsAsked() {
        TransitKeys.create(root, "app", Map.of("type", "rsa-2048"));
        VaultTransitJwsSigner signer = signer("app", JWSAlgorithm.RS256);
        vault.clearRequests();

        assertThatThrownBy(() -> signer.sign(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.PS256), CLAIMS)
                        .block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.key")
                .hasMessageContaining("PS256");
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void theCheckRejectsAnUnknownKeyAndKeysOfTheWrongType() {
        TransitKeys.create(root, "ec", Map.of("type", "ecdsa-p256"));
        TransitKeys.create(root, "rsa", Map.of("type", "rsa-2048"));
        TransitKeys.create(root, "aes", Map.of());

        assertThatThrownBy(() -> signer("missing", JWSAlgorithm.RS256).check().block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transit/sign/missing")
                .hasMessageContaining("encryption key not found");
        assertThatThrownBy(() -> signer("ec", JWSAlgorithm.RS256).check().block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an RSA key");
        assertThatThrownBy(() -> signer("rsa", JWSAlgorithm.ES256).check().block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ecdsa-p256 key");
        assertThatThrownBy(() -> signer("aes", JWSAlgorithm.RS256).check().block(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not support signing");
    }

    @Test
    void toStringNamesTheKeyPathAndTheProperty() {
        assertThat(signer("app", JWSAlgorithm.RS256).toString())
                .isEqualTo("VaultTransitJwsSigner[RS256, transit/sign/app, configured by test.key]");
    }
}
