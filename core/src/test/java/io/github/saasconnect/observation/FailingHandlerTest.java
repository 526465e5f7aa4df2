package io.github.saasconnect.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Micrometer lets an observation handler's exception through to the code being observed; SaaS Connect catches it,
 * so a broken handler never fails a refresh, a store operation or a sweep.
 */
class FailingHandlerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aHandlerThatThrowsWhenObservationsStartDoesNotFailTheRefresh() {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = managerObservedBy(new Broken(true, false));

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then
        assertThat(token).isNotNull();
        assertThat(fixture.endpoint.issuedTokens()).contains(token.value().reveal());
    }

    @Test
    void aHandlerThatThrowsWhenObservationsStopDoesNotFailTheRefresh() {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = managerObservedBy(new Broken(false, true));

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then
        assertThat(token).isNotNull();
    }

    private TokenManager managerObservedBy(ObservationHandler<Observation.Context> handler) {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(handler);
        fixture.observations = observations;
        return fixture.manager();
    }

    private record Broken(boolean onStart, boolean onStop) implements ObservationHandler<Observation.Context> {

        @Override
        public void onStart(Observation.Context context) {
            if (onStart) {
                throw new IllegalStateException("broken handler");
            }
        }

        @Override
        public void onStop(Observation.Context context) {
            if (onStop) {
                throw new IllegalStateException("broken handler");
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
