package io.github.saasconnect.provider.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.http.JdkWebClients;
import io.github.saasconnect.oauth2.AuthorizationRequestUri;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.oauth2.PkceChallenge;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.testkit.MutableClock;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The connect flow of the starter, reduced to what a provider adapter takes part in: build the authorization URL,
 * let the sandbox approve it, exchange the code, run discovery. Real HTTP to the loopback sandbox throughout.
 */
public final class SandboxFlow {

    public static final URI REDIRECT_URI = URI.create("http://127.0.0.1:8080/connect/callback");

    public final MutableClock clock = MutableClock.at(Instant.parse("2026-11-25T10:00:00Z"));
    public final WebClient http = JdkWebClients.builder().build();
    public final OAuth2TokenClient client = new OAuth2TokenClient(http, clock, Duration.ofSeconds(10));
    private final SecureRandom random = new SecureRandom();

    /** What one authorization round trip produced. */
    public record Authorization(URI url, AuthorizationRedirect redirect, PkceChallenge pkce) {}

    /** Builds the registration's authorization URL (with PKCE when it uses it) and has the sandbox approve it. */
    public Authorization authorize(ProviderRegistration registration, ProviderSandbox sandbox) {
        PkceChallenge pkce = registration.descriptor().pkce() ? PkceChallenge.generate(random) : null;
        String state = UUID.randomUUID().toString();
        URI url = AuthorizationRequestUri.build(registration, REDIRECT_URI, state, pkce);
        AuthorizationRedirect redirect = browse(url);
        assertThat(redirect.error())
                .as("authorization error: %s", redirect.errorDescription())
                .isNull();
        assertThat(redirect.state()).isEqualTo(state);
        assertThat(redirect.code()).isNotBlank();
        return new Authorization(url, redirect, pkce);
    }

    /**
     * What a browser does with the authorization URL: a real HTTP GET to the sandbox (auto-approve), whose answer
     * must be a redirect to the client.
     */
    public AuthorizationRedirect browse(URI url) {
        return http.get()
                .uri(url)
                .exchangeToMono(response -> response.releaseBody().then(Mono.fromSupplier(() -> {
                    assertThat(response.statusCode().value())
                            .as("authorization endpoint status")
                            .isEqualTo(302);
                    return new AuthorizationRedirect(
                            response.headers().asHttpHeaders().getLocation());
                })))
                .block(Duration.ofSeconds(10));
    }

    /** Authorization, then the code exchange. */
    public TokenSet connect(ProviderRegistration registration, ProviderSandbox sandbox, String owner) {
        Authorization a = authorize(registration, sandbox);
        return client.exchangeAuthorizationCode(
                        registration,
                        ConnectionId.of(registration.id(), owner),
                        a.redirect().code(),
                        a.pkce() == null ? null : a.pkce().verifier(),
                        REDIRECT_URI)
                .block();
    }

    /** The adapter's discovery for {@code tokens}. */
    public Map<String, String> discover(ProviderRegistration registration, TokenSet tokens) {
        return registration
                .descriptor()
                .accountDiscovery()
                .discover(registration, tokens, http)
                .block(Duration.ofSeconds(10));
    }

    /** The record the connect flow would store. */
    public ConnectionRecord record(
            ProviderRegistration registration, String owner, TokenSet tokens, Map<String, String> attributes) {
        return ConnectionRecord.connected(
                ConnectionId.of(registration.id(), owner),
                tokens,
                attributes,
                clock.instant(),
                UUID.randomUUID().toString());
    }
}
