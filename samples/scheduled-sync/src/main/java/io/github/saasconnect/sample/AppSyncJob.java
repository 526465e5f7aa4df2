package io.github.saasconnect.sample;

import io.github.saasconnect.connection.ConnectionId;
import io.github.saasconnect.job.ConnectionJobs;
import io.github.saasconnect.job.JobReport;
import io.github.saasconnect.oauth2.OAuth2TokenClient;
import io.github.saasconnect.provider.ProviderRegistry;
import io.github.saasconnect.provider.github.GitHubAppInstallations;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code sample.app-sync.interval}, acting as the GitHub App of registration {@code sample.app-sync.registration}
 * and as no user: for every installation of the app ({@link GitHubAppInstallations}, paged), list the repositories
 * its installation token reaches, through {@link ConnectionJobs#forEachAppConnection}. Each installation's token is
 * minted from the app's key, cached until its refresh window and never stored; one failing installation does not stop
 * the others.
 */
@Component
@ConditionalOnProperty("sample.app-sync.registration")
class AppSyncJob {

    private static final Logger log = LoggerFactory.getLogger(AppSyncJob.class);
    private static final int CONCURRENCY = 4;
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private final String registration;
    private final ProviderRegistry registry;
    private final ConnectionJobs jobs;
    private final OAuth2TokenClient tokenClient;
    private final SyncResults results;
    private final Clock clock = Clock.systemUTC();

    AppSyncJob(
            @Value("${sample.app-sync.registration}") String registration,
            ProviderRegistry registry,
            ConnectionJobs jobs,
            OAuth2TokenClient tokenClient,
            SyncResults results) {
        this.registration = registration;
        this.registry = registry;
        this.jobs = jobs;
        this.tokenClient = tokenClient;
        this.results = results;
    }

    @Scheduled(fixedDelayString = "${sample.app-sync.interval}", initialDelayString = "${sample.app-sync.interval}")
    synchronized JobReport runOnce() {
        GitHubAppInstallations installations = GitHubAppInstallations.of(registry.get(registration), tokenClient);
        JobReport report = jobs.forEachAppConnection(
                registration,
                installations.connections(),
                CONCURRENCY,
                (connection, client) -> client.get()
                        .uri("/installation/repositories")
                        .retrieve()
                        .bodyToMono(JSON)
                        .doOnNext(body -> record(connection.id(), body.get("total_count") + " repositories", null))
                        .doOnError(e -> record(connection.id(), null, ProviderApi.describe(e)))
                        .then());
        log.info("App sync of '{}': {}", registration, report);
        return report;
    }

    private void record(ConnectionId installation, String summary, String error) {
        results.record(installation, new SyncResults.Result(clock.instant(), summary, error));
    }
}
