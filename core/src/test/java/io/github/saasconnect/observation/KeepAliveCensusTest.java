package io.github.saasconnect.observation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.client.ApiFixture;
import io.github.saasconnect.connection.ConnectionError;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.connection.FailureKind;
import io.github.saasconnect.keepalive.KeepAliveSettings;
import io.github.saasconnect.keepalive.KeepAliveSweep;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.testkit.sandbox.microsoft.MicrosoftSandbox;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keep-alive sweep counts every connection it lists by status and its observation carries the census. */
class KeepAliveCensusTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aFinishedSweepReportsHowManyConnectionsAreInEachStatus() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            // Given four connections, one of which needs the user again
            for (int i = 0; i < 3; i++) {
                microsoft.connect("user" + i);
            }
            ConnectionId gone = microsoft.connect("gone");
            var current = microsoft.store.read(gone).block(WAIT);
            microsoft
                    .store
                    .write(
                            current.record()
                                    .withStatus(
                                            ConnectionStatus.REAUTHORIZATION_REQUIRED,
                                            new ConnectionError(
                                                    FailureKind.REAUTHORIZATION_REQUIRED,
                                                    "invalid_grant",
                                                    microsoft.clock.instant())),
                            current.version())
                    .block(WAIT);
            HealthSignals signals = new HealthSignals(microsoft.clock);
            ObservationRegistry observations = ObservationRegistry.create();
            observations.observationConfig().observationHandler(signals);
            KeepAliveSweep sweep = new KeepAliveSweep(
                    microsoft.store,
                    microsoft.tokens(),
                    new ProviderRegistry(List.of(microsoft.registration)),
                    microsoft.events::add,
                    microsoft.clock,
                    KeepAliveSettings.defaults(),
                    observations);

            // When
            microsoft.clock.advance(Duration.ofDays(1));
            sweep.sweep().block(WAIT);

            // Then
            assertThat(signals.latestCensus("microsoft")).hasValueSatisfying(census -> {
                assertThat(census.count(ConnectionStatus.ACTIVE)).isEqualTo(3);
                assertThat(census.count(ConnectionStatus.REAUTHORIZATION_REQUIRED))
                        .isEqualTo(1);
                assertThat(census.count(ConnectionStatus.REVOKED)).isZero();
                assertThat(census.takenAt()).isEqualTo(microsoft.clock.instant());
            });
        }
    }

    @Test
    void aSweepOnTheNoOpRegistryStillSweeps() {
        try (ApiFixture<MicrosoftSandbox> microsoft = ApiFixture.microsoft()) {
            microsoft.connect("user");
            KeepAliveSweep sweep = new KeepAliveSweep(
                    microsoft.store,
                    microsoft.tokens(),
                    new ProviderRegistry(List.of(microsoft.registration)),
                    microsoft.events::add,
                    microsoft.clock,
                    KeepAliveSettings.defaults(),
                    ObservationRegistry.NOOP);

            assertThat(sweep.sweep().block(WAIT).examined()).isEqualTo(1);
        }
    }
}
