package io.github.saasconnect.benchmarks;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.provider.GenericOAuth2ProviderType;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.RegistrationSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A generic {@code oauth2} registration whose endpoints are a closed loopback port: for benchmarks that only ever
 * serve cached or stored tokens, so a token request would be a bug and fails at once.
 */
final class UnreachableRegistration {

    private UnreachableRegistration() {}

    static ProviderRegistration of(String id, Map<String, String> options) {
        return new GenericOAuth2ProviderType()
                .register(new RegistrationSettings(
                        id,
                        "oauth2",
                        "client",
                        Secret.of("secret"),
                        List.of("read"),
                        null,
                        URI.create("http://127.0.0.1:1/authorize"),
                        URI.create("http://127.0.0.1:1/token"),
                        null,
                        null,
                        null,
                        true,
                        Map.of(),
                        Duration.ofSeconds(60),
                        options));
    }
}
