package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.event.ReauthorizationRequiredEvent;
import io.github.saasconnect.event.ReconnectLinks;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the token manager's events, giving a {@link ReauthorizationRequiredEvent} without a reconnect URL the one
 * of {@link ReconnectLinks} (the registration's own scopes), so a listener can e-mail or show it. The links are looked
 * up at each event: the connect flow's configuration that makes them may come after the token manager's.
 */
final class ReconnectLinkingEventPublisher implements ApplicationEventPublisher {

    private final ApplicationEventPublisher delegate;
    private final Supplier<ReconnectLinks> links;

    ReconnectLinkingEventPublisher(ApplicationEventPublisher delegate, Supplier<ReconnectLinks> links) {
        this.delegate = delegate;
        this.links = links;
    }

    @Override
    public void publishEvent(Object event) {
        if (event instanceof ReauthorizationRequiredEvent e && e.reconnectUri() == null) {
            event = e.withReconnectUri(links.get().reconnectUri(e.connection(), List.of()));
        }
        delegate.publishEvent(event);
    }
}
