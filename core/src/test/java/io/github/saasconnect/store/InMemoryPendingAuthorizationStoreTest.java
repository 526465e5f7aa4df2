package io.github.saasconnect.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.Secret;
import io.github.saasconnect.store.tck.PendingAuthorizationStoreContract;
import io.github.saasconnect.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryPendingAuthorizationStoreTest extends PendingAuthorizationStoreContract {

    private final MutableClock clock = MutableClock.at(NOW);

    @Override
    protected PendingAuthorizationStore createStore() {
        return new InMemoryPendingAuthorizationStore(clock);
    }

    @Test
    void savingDropsEntriesThatExpired() {
        InMemoryPendingAuthorizationStore memory = (InMemoryPendingAuthorizationStore) store;
        memory.save(pending("old", "alice", Secret.of("v"))).block();
        clock.advance(Duration.ofMinutes(11));

        memory.save(pending("new", "alice", Secret.of("v"))).block();

        assertThat(memory.size()).isEqualTo(1);
        assertThat(memory.take(PendingAuthorization.keyOf("old")).block()).isNull();
    }
}
