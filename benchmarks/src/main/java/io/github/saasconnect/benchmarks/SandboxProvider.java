package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.ClientAuthentication;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RegistrationSettings;
import io.github.saasconnect.provider.docusign.DocuSignProviderType;
import io.github.saasconnect.provider.github.GitHubProviderType;
import io.github.saasconnect.provider.google.GoogleProviderType;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.testkit.sandbox.SandboxOptions;
import io.github.saasconnect.testkit.sandbox.SeededConnection;
import io.github.saasconnect.testkit.sandbox.docusign.DocuSignSandbox;
import io.github.saasconnect.testkit.sandbox.github.GitHubSandbox;
import io.github.saasconnect.testkit.sandbox.google.GoogleSandbox;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A provider sandbox on loopback with a response latency, and the registration both contenders use for it: ours
 * through the provider's adapter, Spring Security's as a {@code ClientRegistration} with the same endpoint and client
 * authentication.
 */
final class SandboxProvider implements AutoCloseable {

    static final String CLIENT_ID = "bench-client";
    static final String CLIENT_SECRET = "bench-client-secret";

    /**
     * Which provider: Google keeps refresh tokens (no rotation); GitHub Apps rotate them strictly and answer a used
     * one with HTTP 200 {@code bad_refresh_token}; DocuSign rotates strictly and answers 400 {@code invalid_grant}.
     */
    enum Kind {
        GOOGLE,
        GITHUB,
        DOCUSIGN
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Kind kind;
    final ProviderSandbox sandbox;
    final ProviderRegistration registration;

    private SandboxProvider(Kind kind, ProviderSandbox sandbox, ProviderRegistration registration) {
        this.kind = kind;
        this.sandbox = sandbox;
        this.registration = registration;
    }

    static SandboxProvider start(Kind kind, Duration latency) {
        SandboxOptions options = SandboxOptions.defaults().withClient(CLIENT_ID, CLIENT_SECRET);
        SandboxProvider provider = switch (kind) {
            case GOOGLE -> {
                GoogleSandbox google = GoogleSandbox.start(options);
                yield new SandboxProvider(
                        kind,
                        google,
                        new GoogleProviderType()
                                .register(settings(
                                        "google", google.authorizationEndpoint(), google.tokenEndpoint(), Map.of())));
            }
            case GITHUB -> {
                GitHubSandbox github = GitHubSandbox.start(options);
                yield new SandboxProvider(
                        kind,
                        github,
                        new GitHubProviderType()
                                .register(settings(
                                        "github",
                                        null,
                                        null,
                                        Map.of(
                                                "web-base-url",
                                                github.webBaseUrl().toString(),
                                                "api-base-url",
                                                github.apiBaseUrl().toString()))));
            }
            case DOCUSIGN -> {
                DocuSignSandbox docusign = DocuSignSandbox.start(options);
                yield new SandboxProvider(
                        kind,
                        docusign,
                        new DocuSignProviderType()
                                .register(settings(
                                        "docusign",
                                        null,
                                        null,
                                        Map.of(
                                                "oauth-base-url",
                                                docusign.baseUrl().toString()))));
            }
        };
        provider.sandbox.latency(latency);
        return provider;
    }

    private static RegistrationSettings settings(
            String type, URI authorizationUri, URI tokenUri, Map<String, String> options) {
        return new RegistrationSettings(
                type,
                type,
                CLIENT_ID,
                Secret.of(CLIENT_SECRET),
                List.of(),
                URI.create("http://127.0.0.1/callback"),
                authorizationUri,
                tokenUri,
                null,
                null,
                null,
                null,
                Map.of(),
                Duration.ofSeconds(60),
                options);
    }

    String registrationId() {
        return registration.id();
    }

    URI tokenEndpoint() {
        return registration.descriptor().tokenUri();
    }

    ClientAuthentication clientAuthentication() {
        return registration.descriptor().clientAuthentication();
    }

    /** A live connection issued in process, as if the user had just connected. */
    SeededConnection connect(String login) {
        return sandbox.connect(sandbox.user(login));
    }

    long tokenRequests() {
        return sandbox.requestCount(Endpoint.TOKEN);
    }

    /**
     * Whether the provider still takes {@code refreshToken}: the connection survived. Uses it (a strictly rotating
     * provider rotates it), so ask only once the run is over.
     */
    boolean acceptsRefreshToken(String refreshToken) {
        if (refreshToken == null) {
            return false;
        }
        boolean basic = clientAuthentication() == ClientAuthentication.CLIENT_SECRET_BASIC;
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("grant_type", "refresh_token");
        fields.put("refresh_token", refreshToken);
        if (!basic) {
            fields.put("client_id", CLIENT_ID);
            fields.put("client_secret", CLIENT_SECRET);
        }
        String form = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (basic) {
            request.header(
                    "Authorization",
                    "Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString(
                                            (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"access_token\"");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
