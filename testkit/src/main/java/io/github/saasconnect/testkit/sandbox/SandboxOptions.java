package io.github.saasconnect.testkit.sandbox;

import io.github.saasconnect.testkit.MutableClock;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to start a sandbox. {@code null} client id or secret means "make one up in the provider's format".
 *
 * @param clock time source for every expiry and rate-limit window; pass a {@link MutableClock} to move time in tests
 * @param clientId the registered client's id, or {@code null}
 * @param clientSecret the registered client's secret, or {@code null}
 * @param redirectUris registered redirect URIs; empty accepts any
 * @param consentMode what the authorization endpoint does at first
 */
public record SandboxOptions(
        Clock clock, String clientId, String clientSecret, List<String> redirectUris, ConsentMode consentMode) {

    public SandboxOptions {
        Objects.requireNonNull(clock, "clock");
        redirectUris = List.copyOf(redirectUris);
        Objects.requireNonNull(consentMode, "consentMode");
    }

    /** The system UTC clock, a made-up client, any redirect URI, auto-approve. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(Clock.systemUTC(), null, null, List.of(), ConsentMode.AUTO_APPROVE);
    }

    public SandboxOptions withClock(Clock newClock) {
        return new SandboxOptions(newClock, clientId, clientSecret, redirectUris, consentMode);
    }

    public SandboxOptions withClient(String newClientId, String newClientSecret) {
        return new SandboxOptions(clock, newClientId, newClientSecret, redirectUris, consentMode);
    }

    public SandboxOptions withRedirectUris(String... uris) {
        return new SandboxOptions(clock, clientId, clientSecret, List.of(uris), consentMode);
    }

    public SandboxOptions withConsentMode(ConsentMode mode) {
        return new SandboxOptions(clock, clientId, clientSecret, redirectUris, mode);
    }
}
