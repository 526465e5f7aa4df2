package io.github.saasconnect.observation;

import static io.github.saasconnect.testsupport.ScriptedTokenEndpoint.jsonBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.saasconnect.connection.ConnectionCensus;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.failure.ClientMisconfiguredException;
import io.github.saasconnect.failure.TransientFailureException;
import io.github.saasconnect.observation.TokenRequestContext.Grant;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What health checks read: rejected clients until the provider accepts them again, and the latest census. */
class HealthSignalsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final HealthSignals signals = new HealthSignals(fixture.clock);

    @AfterEach
    void close() {
        fixture.close();
    }

    /** A manager whose observations reach the signals, as the auto-configuration registers them. */
    private TokenManager manager() {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(signals);
        fixture.observations = observations;
        return fixture.manager();
    }

    private void rejected(String registration, String errorCode) {
        ended(Grant.REFRESH_TOKEN, registration, new ClientMisconfiguredException(registration, null, errorCode, null));
    }

    private void ended(Grant grant, String registration, Throwable error) {
        TokenRequestContext context = new TokenRequestContext(grant, registration, "oauth2");
        context.setError(error);
        signals.onStop(context);
    }

    private void census(ConnectionCensus census) {
        KeepAliveSweepContext context = new KeepAliveSweepContext(census.registration(), "oauth2");
        context.census(census);
        signals.onStop(context);
    }

    @Test
    void aRefreshTheProviderRejectsAsInvalidClientMarksTheRegistration() {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.enqueue(jsonBody(401, "{\"error\":\"invalid_client\"}"));
        TokenManager manager = manager();

        // When
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);

        // Then
        assertThat(signals.rejection(TokenManagerFixture.REGISTRATION)).hasValueSatisfying(r -> {
            assertThat(r.errorCode()).isEqualTo("invalid_client");
            assertThat(r.since()).isEqualTo(fixture.clock.instant());
        });
        assertThat(signals.rejections()).containsOnlyKeys(TokenManagerFixture.REGISTRATION);
    }

    @Test
    void aLaterSuccessfulRefreshClearsTheRejection() {
        // Given a rejected registration
        ConnectionId id = fixture.seedExpired("alice");
        fixture.endpoint.enqueue(jsonBody(401, "{\"error\":\"invalid_client\"}"));
        TokenManager manager = manager();
        assertThatThrownBy(() -> manager.accessToken(id).block(WAIT)).isInstanceOf(ClientMisconfiguredException.class);

        // When the provider accepts the client again
        manager.accessToken(id).block(WAIT);

        // Then
        assertThat(signals.rejection(TokenManagerFixture.REGISTRATION)).isEmpty();
    }

    @Test
    void aFailureOfAnotherKindLeavesTheRejection() {
        // Given
        rejected("github", "incorrect_client_credentials");

        // When
        ended(Grant.REFRESH_TOKEN, "github", new TransientFailureException("github", null, 503, "unavailable", null));

        // Then
        assertThat(signals.rejection("github")).isPresent();
    }

    @Test
    void aSuccessfulCodeExchangeClearsTheRejectionToo() {
        // Given
        rejected("github", "redirect_uri_mismatch");

        // When
        ended(Grant.AUTHORIZATION_CODE, "github", null);

        // Then
        assertThat(signals.rejection("github")).isEmpty();
    }

    @Test
    void anErrorCodeThatIsNotAPlainCodeIsNotEchoed() {
        // When
        rejected("github", "<script>alert('alice@example.com')</script>");

        // Then
        assertThat(signals.rejection("github"))
                .hasValueSatisfying(r -> assertThat(r.errorCode()).isEqualTo("other"));
    }

    @Test
    void aProviderQualifiedCodeIsShownWhole() {
        // When Microsoft refuses the secret (the adapter qualifies the OAuth code with the AADSTS codes)
        rejected("microsoft", "invalid_client/AADSTS7000215");
        rejected("graph", "invalid_grant/AADSTS50173,AADSTS70008");

        // Then the health can tell a wrong secret from an expired one
        assertThat(signals.rejection("microsoft"))
                .hasValueSatisfying(r -> assertThat(r.errorCode()).isEqualTo("invalid_client/AADSTS7000215"));
        assertThat(signals.rejection("graph"))
                .hasValueSatisfying(r -> assertThat(r.errorCode()).isEqualTo("invalid_grant/AADSTS50173,AADSTS70008"));
    }

    @Test
    void aQualificationThatIsNotPlainFallsBackToTheOAuthCode() {
        // When
        rejected("microsoft", "invalid_client/" + "AADSTS1,".repeat(20));
        rejected("github", "invalid_client/<b>x</b>");
        rejected("docusign", "<b>/AADSTS1");

        // Then
        assertThat(signals.rejection("microsoft"))
                .hasValueSatisfying(r -> assertThat(r.errorCode()).isEqualTo("invalid_client"));
        assertThat(signals.rejection("github"))
                .hasValueSatisfying(r -> assertThat(r.errorCode()).isEqualTo("invalid_client"));
        assertThat(signals.rejection("docusign"))
                .hasValueSatisfying(r -> assertThat(r.errorCode()).isEqualTo("other"));
    }

    @Test
    void theLatestCensusOfEachRegistrationIsKept() {
        // Given
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        census(new ConnectionCensus("github", at, Map.of(ConnectionStatus.ACTIVE, 10L)));
        census(new ConnectionCensus("google", at, Map.of(ConnectionStatus.REVOKED, 1L)));

        // When a newer census of github arrives, then a late one from an older sweep
        census(new ConnectionCensus("github", at.plusSeconds(60), Map.of(ConnectionStatus.ACTIVE, 11L)));
        census(new ConnectionCensus("github", at.minusSeconds(60), Map.of(ConnectionStatus.ACTIVE, 9L)));

        // Then
        assertThat(signals.latestCensuses()).containsOnlyKeys("github", "google");
        assertThat(signals.latestCensus("github")).hasValueSatisfying(c -> {
            assertThat(c.count(ConnectionStatus.ACTIVE)).isEqualTo(11);
            assertThat(c.count(ConnectionStatus.REVOKED)).isZero();
        });
    }

    @Test
    void aTallyCountsConcurrentVisitsIntoACensus() throws InterruptedException {
        // Given
        ConnectionCensus.Tally tally = ConnectionCensus.tally("github");
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    tally.count(i % 10 == 0 ? ConnectionStatus.REAUTHORIZATION_REQUIRED : ConnectionStatus.ACTIVE);
                }
            });
            threads[t].start();
        }

        // When
        for (Thread thread : threads) {
            thread.join();
        }
        ConnectionCensus census = tally.census(fixture.clock.instant());

        // Then
        assertThat(census.count(ConnectionStatus.ACTIVE)).isEqualTo(3600);
        assertThat(census.count(ConnectionStatus.REAUTHORIZATION_REQUIRED)).isEqualTo(400);
        assertThat(census.total()).isEqualTo(4000);
    }
}
