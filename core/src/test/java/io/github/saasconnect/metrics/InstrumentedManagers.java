package io.github.saasconnect.metrics;

import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.resilience.RefreshResilience;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import java.util.ArrayList;
import java.util.List;

/** Token managers wired like {@link TokenManagerFixture#manager()}, reporting to an instrumentation. */
final class InstrumentedManagers implements AutoCloseable {

    private final TokenManagerFixture fixture;
    private final List<TokenManager> managers = new ArrayList<>();
    private RefreshResilience lastResilience;

    InstrumentedManagers(TokenManagerFixture fixture) {
        this.fixture = fixture;
    }

    TokenManager manager(SaasConnectInstrumentation instrumentation) {
        lastResilience = RefreshResilience.withSettings(fixture.resilience, fixture.clock);
        TokenManager manager = new TokenManager(fixture.store, fixture.client(),
                new ProviderRegistry(List.of(fixture.registration())), lastResilience, fixture.events::add,
                fixture.clock, fixture.settings, instrumentation);
        managers.add(manager);
        return manager;
    }

    RefreshResilience lastResilience() {
        return lastResilience;
    }

    @Override
    public void close() {
        managers.forEach(TokenManager::close);
        fixture.close();
    }
}
