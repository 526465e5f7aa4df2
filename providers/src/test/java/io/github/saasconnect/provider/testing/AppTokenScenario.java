package io.github.saasconnect.provider.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.event.AppTokenMintedEvent;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.InMemoryTokenStore;
import io.github.saasconnect.testkit.sandbox.Endpoint;
import io.github.saasconnect.testkit.sandbox.Fault;
import io.github.saasconnect.testkit.sandbox.ProviderSandbox;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.util.Set;

/**
 * The proofs every app-credential form owes, over real HTTP against its sandbox through a real {@link TokenManager}:
 * a mint caches until the refresh window, concurrent callers share one mint, faults are retried, rejected credentials
 * are not, and nothing is ever written to the token store.
 */
public final class AppTokenScenario {

    private static final Duration WAIT = Duration.ofSeconds(20);

    public final SandboxFlow flow;
    public final ProviderSandbox sandbox;
    public final ProviderRegistration registration;
    public final ConnectionId connection;
    public final Endpoint mintEndpoint;
    public final InMemoryTokenStore store = new InMemoryTokenStore();
    public final TokenManagers.Events events = new TokenManagers.Events();
    public final TokenManager tokens;

    public AppTokenScenario(
            SandboxFlow flow,
            ProviderSandbox sandbox,
            ProviderRegistration registration,
            ConnectionId connection,
            Endpoint mintEndpoint) {
        this(flow, flow.client, sandbox, registration, connection, mintEndpoint);
    }

    public AppTokenScenario(
            SandboxFlow flow,
            OAuth2TokenClient client,
            ProviderSandbox sandbox,
            ProviderRegistration registration,
            ConnectionId connection,
            Endpoint mintEndpoint) {
        this.flow = flow;
        this.sandbox = sandbox;
        this.registration = registration;
        this.connection = connection;
        this.mintEndpoint = mintEndpoint;
        this.tokens = TokenManagers.manager(store, client, registration, flow.clock, events, "instance-1");
    }

    /** The faults every form must retry: 5xx, an HTML error page, a 429, a reset connection. */
    public static java.util.stream.Stream<Fault> retriedFaults() {
        return java.util.stream.Stream.of(
                Fault.serviceUnavailable(),
                Fault.htmlServerError(),
                Fault.tooManyRequests(Duration.ofMillis(10)),
                Fault.connectionReset());
    }

    /** A token for the connection, through the token manager. */
    public AccessToken token() {
        return tokens.accessToken(connection).block(WAIT);
    }

    public long mints() {
        return sandbox.requestCount(mintEndpoint);
    }

    /**
     * The token is served from the cache until {@code lifetime} minus the refresh skew has passed, then minted anew;
     * nothing is stored and each mint is announced.
     */
    public void assertCachedUntilRefreshWindow(Duration lifetime) {
        long before = mints();
        AccessToken first = token();
        assertThat(first.expiresAt()).isEqualTo(flow.clock.instant().plus(lifetime));
        flow.clock.advance(lifetime.minus(registration.refreshSkew()).minusSeconds(1));
        assertThat(token().value()).isEqualTo(first.value());
        assertThat(mints() - before).isEqualTo(1);

        flow.clock.advance(Duration.ofSeconds(2));
        AccessToken second = token();

        assertThat(second.value()).isNotEqualTo(first.value());
        assertThat(mints() - before).isEqualTo(2);
        assertThat(events).filteredOn(AppTokenMintedEvent.class::isInstance).hasSize(2);
        assertNothingStored();
    }

    /** {@code callers} threads released together get one token from one mint. */
    public void assertConcurrentCallersShareOneMint(int callers) throws Exception {
        long before = mints();
        Set<String> values =
                TokenManagers.callTogether(callers, () -> tokens.blocking().accessToken(connection));

        assertThat(values).hasSize(1);
        assertThat(mints() - before).isEqualTo(1);
    }

    /** A fault on the mint endpoint is retried and the next answer serves. */
    public void assertRetried(Fault fault) {
        sandbox.faults().next(mintEndpoint, fault);
        long before = mints();

        assertThat(token().value().reveal()).isNotBlank();
        assertThat(mints() - before).isEqualTo(2);
    }

    /** Rejected credentials fail once (no retry) as client misconfiguration naming the registration. */
    public ClientMisconfiguredException assertRejectedOnce(long requests) {
        long before = mints();
        ClientMisconfiguredException[] caught = new ClientMisconfiguredException[1];
        assertThatThrownBy(this::token).isInstanceOfSatisfying(ClientMisconfiguredException.class, e -> {
            assertThat(e.registration()).isEqualTo(registration.id());
            assertThat(e.getMessage())
                    .contains("'" + registration.id() + "'")
                    .contains("saas-connect.providers." + registration.id() + ".client-id and app.*");
            caught[0] = e;
        });
        assertThat(mints() - before).as("not retried").isEqualTo(requests);
        return caught[0];
    }

    public void assertNothingStored() {
        ConnectionPage page = store.list(registration.id(), null, 10).block(WAIT);
        assertThat(page.records()).isEmpty();
    }
}
