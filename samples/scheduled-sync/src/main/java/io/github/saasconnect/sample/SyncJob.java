package io.github.saasconnect.sample;

import io.github.saasconnect.connection.ConnectionRecord;
import io.github.saasconnect.connection.ConnectionStatus;
import io.github.saasconnect.event.ConnectionDisconnectedEvent;
import io.github.saasconnect.failure.SaasConnectException;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.store.ConnectionPage;
import io.github.saasconnect.store.TokenStore;
import io.github.saasconnect.store.VersionedRecord;
import io.github.saasconnect.token.BlockingTokenManager;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Every {@code sample.sync.interval}: for every active connection of every user, get a valid access token
 * (refreshed when due) and fetch a little data from the provider's API. One failing connection does not stop
 * the others.
 */
@Component
class SyncJob {

    private static final Logger log = LoggerFactory.getLogger(SyncJob.class);
    private static final int PAGE = 100;

    private final ProviderRegistry registry;
    private final TokenStore store;
    private final BlockingTokenManager tokens;
    private final ProviderApi api;
    private final SyncResults results;
    private final Clock clock = Clock.systemUTC();

    SyncJob(ProviderRegistry registry, TokenStore store, BlockingTokenManager tokens, ProviderApi api,
            SyncResults results) {
        this.registry = registry;
        this.store = store;
        this.tokens = tokens;
        this.api = api;
        this.results = results;
    }

    @Scheduled(fixedDelayString = "${sample.sync.interval}", initialDelayString = "${sample.sync.interval}")
    synchronized void runOnce() {
        int done = 0;
        for (ProviderRegistration registration : registry.all()) {
            String cursor = null;
            do {
                ConnectionPage page = store.list(registration.id(), cursor, PAGE).block();
                for (VersionedRecord v : page.records()) {
                    if (v.record().status() == ConnectionStatus.ACTIVE) {
                        sync(registration, v.record());
                        done++;
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        results.finishedRun(clock.instant());
        log.info("Sync run finished: {} connection(s)", done);
    }

    private void sync(ProviderRegistration registration, ConnectionRecord record) {
        try {
            String summary = api.fetch(registration, record, tokens.accessToken(record.id()));
            results.record(record.id(), new SyncResults.Result(clock.instant(), summary, null));
        } catch (SaasConnectException | WebClientResponseException | IllegalStateException e) {
            String why = e instanceof WebClientResponseException w ? "HTTP " + w.getStatusCode().value()
                    : e instanceof SaasConnectException s ? s.kind().name() : e.getClass().getSimpleName();
            log.warn("Sync of {} failed: {}", record.id(), why);
            results.record(record.id(), new SyncResults.Result(clock.instant(), null, why));
        }
    }

    @EventListener
    void disconnected(ConnectionDisconnectedEvent event) {
        results.forget(event.connection());
    }
}
