package io.github.saasconnect.testkit.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain JDK HTTP client for the tests: raw requests to the server over loopback, nothing shared with any Vault
 * client library.
 */
final class VaultHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final URI base;

    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    VaultHttp(VaultTestServer server) {
        this(server.uri(), server.token());
    }

    VaultHttp(URI base, String token) {
        this.base = base;
        if (token != null) {
            this.defaultHeaders.put("X-Vault-Token", token);
        }
    }

    /** A client that sends no token at all. */
    static VaultHttp anonymous(VaultTestServer server) {
        return new VaultHttp(server.uri(), null);
    }

    /** A copy that also sends {@code name: value} on every request. */
    VaultHttp withHeader(String name, String value) {
        VaultHttp copy = new VaultHttp(this.base, null);
        copy.defaultHeaders.putAll(this.defaultHeaders);
        copy.defaultHeaders.put(name, value);
        return copy;
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply list(String path) {
        return send("LIST", path, null);
    }

    Reply post(String path, String json) {
        return send("POST", path, json);
    }

    Reply put(String path, String json) {
        return send("PUT", path, json);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Reply send(String method, String path, String body, String... headers) {
        try {
            return Reply.of(
                    this.client.send(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Sends and returns the raw outcome, so a test can observe an I/O error or a timeout. */
    CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String body, Duration timeout) {
        HttpRequest.Builder builder = builder(method, path, body);
        builder.timeout(timeout);
        return this.client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = builder(method, path, body);
        for (int i = 0; i < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    private HttpRequest.Builder builder(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        (body != null)
                                ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                                : HttpRequest.BodyPublishers.noBody());
        if (body != null) {
            builder.setHeader("Content-Type", "application/json");
        }
        this.defaultHeaders.forEach(builder::setHeader);
        return builder;
    }

    /** A received answer. */
    record Reply(int status, String body, String contentType, HttpResponse<String> raw) {

        static Reply of(HttpResponse<String> response) {
            return new Reply(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response);
        }

        JsonNode json() {
            return JSON.readTree(this.body);
        }

        /** The {@code data} object of a success envelope. */
        JsonNode data() {
            return json().get("data");
        }

        /** The first error message, or {@code null} for {@code {"errors":[]}}. */
        String firstError() {
            JsonNode errors = json().get("errors");
            return (errors != null && !errors.isEmpty()) ? errors.get(0).stringValue() : null;
        }

        String header(String name) {
            return this.raw.headers().firstValue(name).orElse(null);
        }
    }
}
