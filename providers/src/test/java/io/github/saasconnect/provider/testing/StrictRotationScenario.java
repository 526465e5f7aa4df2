package io.github.saasconnect.provider.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.TokenSet;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Many callers ask for the access token of one connection whose access token has expired, at a provider that rotates
 * refresh tokens strictly: the token endpoint must see exactly one refresh, every caller must get the same new token,
 * and the connection must stay usable (no second refresh with the burnt refresh token, so no dead-grant error).
 */
public final class StrictRotationScenario implements AutoCloseable {

    private final SandboxFlow flow;
    private final ProviderSandbox sandbox;
    private final ProviderRegistration registration;
    private final TokenStore store = new InMemoryTokenStore();
    private final TokenManagers.Events events = new TokenManagers.Events();
    private final List<TokenManager> managers = new ArrayList<>();
    private ConnectionId id;
    private TokenSet connected;

    public StrictRotationScenario(SandboxFlow flow, ProviderSandbox sandbox, ProviderRegistration registration) {
        this.flow = flow;
        this.sandbox = sandbox;
        this.registration = registration;
    }

    /** Connects alice through the sandbox, stores the connection and lets its access token expire. */
    public StrictRotationScenario connectedAndExpired(Duration accessTokenLifetime) {
        connected = flow.connect(registration, sandbox, "alice");
        ConnectionRecord record = flow.record(registration, "alice", connected, Map.of());
        id = record.id();
        store.write(record, 0).block();
        flow.clock.advance(accessTokenLifetime.plusMinutes(1));
        assertThat(sandbox.isAccessTokenValid(connected.accessToken().reveal())).isFalse();
        sandbox.latency(Duration.ofMillis(50));
        sandbox.requests().clear();
        return this;
    }

    /** {@code callers} threads released together, spread over {@code instances} token managers sharing one store. */
    public Set<String> callersAcrossInstances(int callers, int instances) throws Exception {
        for (int i = 0; i < instances; i++) {
            managers.add(TokenManagers.manager(store, flow.client, registration, flow.clock, events, "instance-" + i));
        }
        int[] next = {0};
        return TokenManagers.callTogether(callers, () -> {
            TokenManager m;
            synchronized (next) {
                m = managers.get(next[0]++ % managers.size());
            }
            return m.blocking().accessToken(id);
        });
    }

    /** Checks the outcome: one refresh, one token for everyone, a live connection holding the live refresh token. */
    public void assertOneRefreshAndALiveConnection(Set<String> tokens) {
        sandbox.latency(Duration.ZERO);
        assertThat(sandbox.requestCount(Endpoint.TOKEN))
                .as("token endpoint requests")
                .isEqualTo(1);
        assertThat(tokens).hasSize(1);
        assertThat(sandbox.isAccessTokenValid(tokens.iterator().next())).isTrue();
        assertThat(events).noneMatch(ReauthorizationRequiredEvent.class::isInstance);
        ConnectionRecord stored = store.read(id).block().record();
        assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(stored.lastError()).isNull();
        assertThat(stored.accessToken().reveal()).isEqualTo(tokens.iterator().next());
        assertThat(stored.refreshToken()).isNotEqualTo(connected.refreshToken());
        assertThat(flow.client
                        .refresh(registration, id, stored.refreshToken())
                        .block()
                        .accessToken())
                .as("the stored refresh token is the live one")
                .isNotNull();
    }

    @Override
    public void close() {
        managers.forEach(TokenManager::close);
    }
}
