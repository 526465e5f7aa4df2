package io.github.saasconnect.testkit;

import com.nimbusds.jose.util.X509CertUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;

/**
 * Key pairs made for tests only (2048-bit RSA, self-signed certificates, an EC key for "wrong type" cases), as PEM
 * text, so that the app-credential forms can be exercised against the sandboxes without generating keys per run.
 */
public enum TestKeys {
    /** The app's key and certificate, as the sandboxes expect by default. */
    APP("app-rsa.pem", "app-rsa-pkcs1.pem", "app-rsa-cert.pem"),
    /** A key the sandboxes do not know. */
    OTHER("other-rsa.pem", null, "other-rsa-cert.pem");

    private final String pkcs8;
    private final String pkcs1;
    private final String certificate;

    TestKeys(String pkcs8, String pkcs1, String certificate) {
        this.pkcs8 = pkcs8;
        this.pkcs1 = pkcs1;
        this.certificate = certificate;
    }

    /** The private key, {@code BEGIN PRIVATE KEY} (PKCS#8). */
    public String privateKeyPem() {
        return read(pkcs8);
    }

    /** The private key, {@code BEGIN RSA PRIVATE KEY} (PKCS#1, as GitHub hands out App keys). */
    public String pkcs1PrivateKeyPem() {
        if (pkcs1 == null) {
            throw new IllegalStateException(this + " has no PKCS#1 form");
        }
        return read(pkcs1);
    }

    /** The self-signed certificate, PEM. */
    public String certificatePem() {
        return read(certificate);
    }

    /** The certificate, parsed. */
    public X509Certificate certificate() {
        return X509CertUtils.parse(certificatePem());
    }

    /** The public key, to verify signatures with. */
    public RSAPublicKey publicKey() {
        return (RSAPublicKey) certificate().getPublicKey();
    }

    /** An EC private key in PKCS#8 ({@code BEGIN PRIVATE KEY}), for wrong-key-type cases. */
    public static String ecPrivateKeyPem() {
        return read("ec.pem");
    }

    /** An EC private key in SEC 1 ({@code BEGIN EC PRIVATE KEY}). */
    public static String ecSec1PrivateKeyPem() {
        return read("ec-sec1.pem");
    }

    private static String read(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream("keys/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test key " + name + " is missing from the test kit");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
