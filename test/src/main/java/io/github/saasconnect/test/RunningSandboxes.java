package io.github.saasconnect.test;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The sandboxes {@link SaasConnectSandboxes} started for a test's application context, as a bean: reach a sandbox
 * to seed its data or inject faults, and connect more users through the application's real {@link ConnectFlow}.
 */
public final class RunningSandboxes implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Map<SandboxProvider, ProviderSandbox> sandboxes;
    private volatile ConnectFlow flow;

    RunningSandboxes(Map<SandboxProvider, ProviderSandbox> sandboxes) {
        this.sandboxes = new EnumMap<>(sandboxes);
    }

    void connectWith(ConnectFlow flow) {
        this.flow = flow;
    }

    /** The running sandbox of {@code provider}, as its own type ({@code GitHubSandbox} ...). */
    public <T extends ProviderSandbox> T sandbox(SandboxProvider provider, Class<T> type) {
        ProviderSandbox sandbox = sandboxes.get(provider);
        if (sandbox == null) {
            throw new IllegalArgumentException(
                    "No " + provider + " sandbox runs for this test: add it to @SaasConnectSandboxes");
        }
        return type.cast(sandbox);
    }

    /**
     * Connects {@code owner} to {@code registration} as a user would: the authorization request, the sandbox's
     * consent (all requested scopes granted), the callback and the code exchange.
     *
     * @param registrationAndOwner {@code registration:owner} ({@code github:alice})
     * @return the connection
     */
    public ConnectionId connect(String registrationAndOwner) {
        int colon = registrationAndOwner.indexOf(':');
        if (colon < 1 || colon == registrationAndOwner.length() - 1) {
            throw new IllegalArgumentException(
                    "A connection is written registration:owner (github:alice), not '" + registrationAndOwner + "'");
        }
        return connect(registrationAndOwner.substring(0, colon), registrationAndOwner.substring(colon + 1));
    }

    /** Connects {@code owner} to {@code registration} through the real connect flow; see {@link #connect(String)}. */
    public ConnectionId connect(String registration, String owner) {
        ConnectFlow connect = Objects.requireNonNull(flow, "the application context has no ConnectFlow yet");
        SandboxProvider provider = SandboxProvider.valueOf(registration.toUpperCase(Locale.ROOT));
        ProviderSandbox sandbox = sandbox(provider, ProviderSandbox.class);
        ConnectRedirect redirect = connect.start(
                        registration, owner, "/", URI.create("http://127.0.0.1/saas-connect/callback/" + registration))
                .block(WAIT);
        AuthorizationRedirect approved =
                sandbox.approve(Objects.requireNonNull(redirect).location());
        connect.complete(registration, owner, AuthorizationCallback.ofCode(approved.state(), approved.code()))
                .block(WAIT);
        return ConnectionId.of(registration, owner);
    }

    @Override
    public void close() {
        sandboxes.values().forEach(ProviderSandbox::close);
    }
}
