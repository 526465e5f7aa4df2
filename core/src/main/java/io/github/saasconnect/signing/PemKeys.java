package io.github.saasconnect.signing;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.X509CertUtils;
import java.io.ByteArrayOutputStream;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RSA private keys and X.509 certificates from PEM text. Failures name where the text came from (a property)
 * and what is wrong with it, never any of its content.
 */
public final class PemKeys {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** The DER of AlgorithmIdentifier{rsaEncryption, NULL}, to wrap a PKCS#1 key as PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PemKeys() {}

    /**
     * The RSA private key in {@code pem}: {@code BEGIN PRIVATE KEY} (PKCS#8) or {@code BEGIN RSA PRIVATE KEY}
     * (PKCS#1, as GitHub hands out App keys).
     *
     * @param source where the text came from, for messages
     * @throws IllegalArgumentException naming {@code source} when the text is no PEM, an encrypted key, or a key of
     *     another type
     */
    public static RSAPrivateKey rsaPrivateKey(String pem, String source) {
        Matcher block = block(pem, source, "an RSA private key");
        String label = block.group(1);
        byte[] der = decode(block.group(2), source);
        byte[] pkcs8 = switch (label) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> wrapPkcs1(der);
            case "ENCRYPTED PRIVATE KEY" ->
                throw new IllegalArgumentException(source + " holds an encrypted private key; give it "
                        + "unencrypted (openssl pkcs8 -topk8 -nocrypt) and protect it where it is kept");
            case "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY" -> throw wrongType(source, label);
            default ->
                throw new IllegalArgumentException(source + " holds a PEM block '" + label
                        + "', not a private key (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
        };
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw label.equals("PRIVATE KEY")
                    ? wrongType(source, "PRIVATE KEY (not RSA)")
                    : new IllegalArgumentException(source + " holds a malformed RSA private key");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA key factory", e);
        }
        return (RSAPrivateKey) key;
    }

    /**
     * The X.509 certificate in {@code pem}.
     *
     * @throws IllegalArgumentException naming {@code source} when the text is no PEM certificate
     */
    public static X509Certificate certificate(String pem, String source) {
        Matcher block = block(pem, source, "an X.509 certificate");
        if (!block.group(1).equals("CERTIFICATE")) {
            throw new IllegalArgumentException(
                    source + " holds a PEM block '" + block.group(1) + "', not a certificate (BEGIN CERTIFICATE)");
        }
        X509Certificate certificate = X509CertUtils.parse(decode(block.group(2), source));
        if (certificate == null) {
            throw new IllegalArgumentException(source + " holds a malformed X.509 certificate");
        }
        return certificate;
    }

    /** The {@code x5t#S256} header value of {@code certificate}: the base64url SHA-256 of its DER encoding. */
    public static Base64URL thumbprintS256(X509Certificate certificate) {
        return X509CertUtils.computeSHA256Thumbprint(certificate);
    }

    private static Matcher block(String pem, String source, String what) {
        Matcher m = pem == null ? null : BLOCK.matcher(pem);
        if (m == null || !m.find()) {
            throw new IllegalArgumentException(
                    source + " must hold " + what + " in PEM form (-----BEGIN ...-----); " + "it holds no PEM block");
        }
        return m;
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " holds a PEM block whose base64 content is malformed");
        }
    }

    private static IllegalArgumentException wrongType(String source, String label) {
        return new IllegalArgumentException(source + " holds a key of the wrong type (" + label + "); an RSA private "
                + "key is required (RS256/PS256)");
    }

    /** PrivateKeyInfo{version 0, rsaEncryption, OCTET STRING(pkcs1)}, in DER. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        writeLength(body, pkcs1.length);
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        writeLength(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((length >>> (8 * i)) & 0xff);
        }
    }
}
