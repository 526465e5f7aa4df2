package io.github.saasconnect.autoconfigure.sas;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/**
 * The client's JWK Set URL on 127.0.0.1, as a {@code private_key_jwt} client publishes its public key: the
 * authorization server fetches it to verify client assertions.
 */
final class ClientKeys implements AutoCloseable {

    private final HttpServer server;

    private ClientKeys(HttpServer server) {
        this.server = server;
    }

    static ClientKeys serve(RSAPublicKey key) {
        byte[] body = (key == null ? new JWKSet(List.of()) : new JWKSet(new RSAKey.Builder(key).build()))
                .toString(true)
                .getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new ClientKeys(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
