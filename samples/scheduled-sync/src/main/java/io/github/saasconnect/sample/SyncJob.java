package io.github.saasconnect.sample;

import io.github.saasconnect.event.ConnectionDisconnectedEvent;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.provider.ProviderRegistration;
import io.github.saasconnect.provider.ProviderRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Every {@code sample.sync.interval}: for every active connection of every registration, fetch a little data
 * through an API client already bound to that connection ({@link ConnectionJobs}). Tokens are refreshed when
 * due; one failing connection does not stop the others, and the report says what happened.
 */
@Component
class SyncJob {

    private static final Logger log = LoggerFactory.getLogger(SyncJob.class);
    private static final int CONCURRENCY = 4;

    private final ProviderRegistry registry;
    private final ConnectionJobs jobs;
    private final ProviderApi api;
    private final SyncResults results;
    private final Clock clock = Clock.systemUTC();

    SyncJob(ProviderRegistry registry, ConnectionJobs jobs, ProviderApi api, SyncResults results) {
        this.registry = registry;
        this.jobs = jobs;
        this.api = api;
        this.results = results;
    }

    @Scheduled(fixedDelayString = "${sample.sync.interval}", initialDelayString = "${sample.sync.interval}")
    synchronized void runOnce() {
        for (ProviderRegistration registration : registry.all()) {
            JobReport report = jobs.forEachConnection(
                    registration.id(),
                    CONCURRENCY,
                    (connection, client) -> api.fetch(registration, connection, client)
                            .doOnNext(summary -> results.record(
                                    connection.id(), new SyncResults.Result(clock.instant(), summary, null)))
                            .onErrorResume(e -> {
                                results.record(
                                        connection.id(),
                                        new SyncResults.Result(clock.instant(), null, ProviderApi.describe(e)));
                                return Mono.error(e);
                            })
                            .then());
            log.info("Sync of '{}': {}", registration.id(), report);
        }
        results.finishedRun(clock.instant());
    }

    @EventListener
    void disconnected(ConnectionDisconnectedEvent event) {
        results.forget(event.connection());
    }
}
