package io.github.saasconnect.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.AccessToken;
import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.testsupport.TokenManagerFixture;
import io.github.saasconnect.token.TokenManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several instrumentations are told in order, and none of them can break the work it reports on. */
class SaasConnectInstrumentationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TokenManagerFixture fixture = new TokenManagerFixture();
    private final InstrumentedManagers managers = new InstrumentedManagers(fixture);

    @AfterEach
    void close() {
        managers.close();
    }

    @Test
    void aCompositeTellsEachInstrumentationInOrder() {
        // Given
        List<String> told = new ArrayList<>();
        SaasConnectInstrumentation composite = SaasConnectInstrumentation.composite(List.of(
                recording("first", told), recording("second", told)));

        // When
        composite.rateLimited("github", Duration.ofSeconds(1), true);

        // Then
        assertThat(told).containsExactly("first", "second");
    }

    @Test
    void aCompositeOfNothingIsTheNoOp() {
        assertThat(SaasConnectInstrumentation.composite(List.of())).isSameAs(SaasConnectInstrumentation.NOOP);
        assertThat(SaasConnectInstrumentation.composite(List.of(SaasConnectInstrumentation.NOOP)))
                .isSameAs(SaasConnectInstrumentation.NOOP);
    }

    @Test
    void anInstrumentationThatThrowsNeitherFailsTheRefreshNorSilencesTheOthers() {
        // Given an instrumentation that throws on every report, and one after it
        ConnectionId id = fixture.seedExpired("alice");
        List<String> told = new ArrayList<>();
        SaasConnectInstrumentation broken = new SaasConnectInstrumentation() {
            @Override
            public void cacheCounter(String registration, CacheCounter counter) {
                throw new IllegalStateException("broken instrumentation");
            }

            @Override
            public void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
                throw new IllegalStateException("broken instrumentation");
            }

            @Override
            public void storeOperation(String store, StoreOperation operation, StoreOutcome outcome,
                    Duration duration) {
                throw new IllegalStateException("broken instrumentation");
            }
        };
        TokenManager manager = managers.manager(SaasConnectInstrumentation.composite(List.of(broken,
                recording("after", told))));

        // When
        AccessToken token = manager.accessToken(id).block(WAIT);

        // Then
        assertThat(token).isNotNull();
        assertThat(told).contains("after refresh success");
    }

    @Test
    void aSingleInstrumentationThatThrowsDoesNotFailTheRefreshEither() {
        // Given
        ConnectionId id = fixture.seedExpired("alice");
        TokenManager manager = managers.manager(new SaasConnectInstrumentation() {
            @Override
            public void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
                throw new IllegalStateException("broken instrumentation");
            }
        });

        // When / Then
        assertThat(manager.accessToken(id).block(WAIT)).isNotNull();
    }

    private static SaasConnectInstrumentation recording(String name, List<String> told) {
        return new SaasConnectInstrumentation() {
            @Override
            public void refresh(String registration, TokenRequestOutcome outcome, Duration duration) {
                told.add(name + " refresh " + outcome.tagValue());
            }

            @Override
            public void rateLimited(String registration, Duration wait, boolean waiting) {
                told.add(name);
            }
        };
    }
}
