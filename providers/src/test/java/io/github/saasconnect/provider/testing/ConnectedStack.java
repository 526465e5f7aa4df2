package io.github.saasconnect.provider.testing;

import io.github.saasconnect.connect.AuthorizationCallback;
import io.github.saasconnect.connect.ConnectFlow;
import io.github.saasconnect.connect.ConnectRedirect;
import io.github.saasconnect.connect.ConnectSettings;
import io.github.saasconnect.connect.ReturnToPolicy;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.event.ConnectionEvent;
import io.github.saasconnect.keepalive.KeepAliveSettings;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.InMemoryPendingAuthorizationStore;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.sandbox.AuthorizationRedirect;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;

/**
 * What the starter wires for one registration, without Spring: the connect flow, the token manager and the
 * keep-alive sweep over one store, on the {@link SandboxFlow}'s clock and HTTP client, so a test can follow a
 * connection's life from consent to its end against a provider sandbox.
 */
public final class ConnectedStack {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public final InMemoryTokenStore store = new InMemoryTokenStore();
    public final TokenManagers.Events events = new TokenManagers.Events();
    public final TokenManager tokens;
    public final ConnectFlow connect;
    public final KeepAliveSweep sweep;
    private final SandboxFlow flow;
    private final ProviderRegistration registration;

    public ConnectedStack(SandboxFlow flow, ProviderRegistration registration) {
        this.flow = flow;
        this.registration = registration;
        ProviderRegistry registry = new ProviderRegistry(List.of(registration));
        this.tokens = TokenManagers.manager(store, flow.client, registration, flow.clock, events, "instance-1");
        this.connect = ConnectFlow.builder(
                        registry, store, new InMemoryPendingAuthorizationStore(flow.clock), flow.client)
                .events(this::publish)
                .clock(flow.clock)
                .settings(new ConnectSettings(
                        Duration.ofMinutes(10), new ReturnToPolicy(List.of("https://app.example"), "/"), 5))
                .observations(ObservationRegistry.NOOP)
                .build();
        this.sweep = new KeepAliveSweep(
                store,
                tokens,
                registry,
                events::add,
                flow.clock,
                KeepAliveSettings.defaults(),
                ObservationRegistry.NOOP);
    }

    /** What the application context does with the flow's events: record them, and let the token manager react. */
    private void publish(Object event) {
        events.add(event);
        tokens.onConnectionEvent((ConnectionEvent) event);
    }

    /** The whole connect flow for {@code owner}: start, the sandbox's consent, the callback. */
    public ConnectionId connect(String owner) {
        ConnectRedirect redirect = connect.start(registration.id(), owner, null, SandboxFlow.REDIRECT_URI)
                .block(WAIT);
        AuthorizationRedirect approved = flow.browse(redirect.location());
        connect.complete(registration.id(), owner, AuthorizationCallback.ofCode(approved.state(), approved.code()))
                .block(WAIT);
        return redirect.connection();
    }

    /** The stored record of {@code id}. */
    public ConnectionRecord stored(ConnectionId id) {
        return store.read(id).block(WAIT).record();
    }
}
