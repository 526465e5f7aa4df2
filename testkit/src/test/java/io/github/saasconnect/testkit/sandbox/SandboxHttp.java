package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.sandbox.internal.FormCodec;
import io.github.saasconnect.testkit.sandbox.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A small real-HTTP client for the sandbox tests. Never follows redirects. */
public final class SandboxHttp {

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /**
     * A response.
     *
     * @param status HTTP status
     * @param headers headers
     * @param body body text
     */
    public record Reply(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return Json.read(body);
        }

        public Map<String, String> form() {
            return FormCodec.decode(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("content-type");
        }
    }

    public Reply get(URI uri, String... headers) {
        return send(HttpRequest.newBuilder(uri).GET(), headers);
    }

    public Reply postForm(URI uri, Map<String, String> form, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormCodec.encode(form)));
        return send(builder, headers);
    }

    public Reply postJson(URI uri, String json, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(builder, headers);
    }

    public Reply send(String method, URI uri, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(builder, headers);
    }

    /** Sends {@code request} and lets transport failures through as {@link IOException}. */
    public Reply sendRaw(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException(interrupted);
        }
    }

    private Reply send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return sendRaw(builder.timeout(Duration.ofSeconds(10)).build());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The value of an {@code Authorization: Basic} header. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code uri} with {@code parameters} appended as a query. */
    public static URI withQuery(URI uri, Map<String, String> parameters) {
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + FormCodec.encode(parameters));
    }
}
