package io.github.saasconnect.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.event.ConnectionRefreshedEvent;
import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.event.ReconnectLinks;
import io.github.saasconnect.failure.ReauthorizationCause;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token manager's reauthorization events carry the reconnect URL; other events pass as they are. */
class ReconnectLinkingEventPublisherTest {

    private static final ConnectionId ALICE = ConnectionId.of("google", "alice");
    private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");

    private final List<Object> published = new ArrayList<>();
    private final ReconnectLinks links =
            (connection, scopes) -> URI.create("https://app.example/connect?registration=" + connection.registration());
    private final ReconnectLinkingEventPublisher publisher =
            new ReconnectLinkingEventPublisher(published::add, () -> links);

    @Test
    void aReauthorizationEventGetsTheReconnectUrl() {
        publisher.publishEvent(
                new ReauthorizationRequiredEvent(ALICE, ReauthorizationCause.GRANT_INVALID, "invalid_grant", NOW));

        assertThat(published)
                .containsExactly(new ReauthorizationRequiredEvent(
                        ALICE,
                        ReauthorizationCause.GRANT_INVALID,
                        "invalid_grant",
                        NOW,
                        URI.create("https://app.example/connect?registration=google")));
    }

    @Test
    void aUrlAlreadyThereAndOtherEventsAreLeftAlone() {
        ReauthorizationRequiredEvent linked = new ReauthorizationRequiredEvent(
                ALICE, ReauthorizationCause.GRANT_INVALID, "invalid_grant", NOW, URI.create("https://other.example/"));
        ConnectionRefreshedEvent refreshed = new ConnectionRefreshedEvent(ALICE, NOW);

        publisher.publishEvent(linked);
        publisher.publishEvent(refreshed);

        assertThat(published).containsExactly(linked, refreshed);
    }
}
