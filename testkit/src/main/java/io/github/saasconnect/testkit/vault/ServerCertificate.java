package io.github.saasconnect.testkit.vault;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * The test server's TLS identity: a self-signed P-256 certificate for {@code 127.0.0.1} and {@code localhost}, valid
 * until 2126, made for tests only and shipped with the test kit (its private key is no secret).
 */
final class ServerCertificate {

    private ServerCertificate() {}

    static String certificatePem() {
        return read("vault-tls-cert.pem");
    }

    static SslContext sslContext() {
        try {
            return SslContextBuilder.forServer(
                            new ByteArrayInputStream(certificatePem().getBytes(StandardCharsets.US_ASCII)),
                            new ByteArrayInputStream(read("vault-tls-key.pem").getBytes(StandardCharsets.US_ASCII)))
                    .build();
        } catch (SSLException ex) {
            throw new IllegalStateException("cannot build the test server's TLS context", ex);
        }
    }

    private static String read(String name) {
        try (InputStream in =
                ServerCertificate.class.getResourceAsStream("/io/github/saasconnect/testkit/keys/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test kit");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
