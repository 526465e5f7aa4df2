package io.github.saasconnect.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Authorized API clients, pagination and jobs, under {@code saas-connect.clients}. */
@ConfigurationProperties("saas-connect.clients")
public class SaasConnectClientsProperties {

    /** Attempts per API call, the first included, while answers keep saying "rate limited". */
    private int maxAttempts = 6;

    /** First wait when a provider signals a rate limit without saying how long (Google, Bitbucket); grows exponentially, with jitter. */
    private Duration initialBackoff = Duration.ofSeconds(1);

    /** Growth of that wait per attempt. */
    private double backoffMultiplier = 2.0;

    /** Longest such wait. */
    private Duration maxBackoff = Duration.ofSeconds(60);

    /** The longest single wait an API call accepts (Retry-After, a reset instant); a provider asking for more fails the call with the time to retry. */
    private Duration maxRetryAfter = Duration.ofMinutes(2);

    /** The most pages a paginator follows before it fails, a guard against endless paging. */
    private int maxPages = 1000;

    /** How jobs walk a registration's connections. */
    private final Jobs jobs = new Jobs();

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public double getBackoffMultiplier() {
        return backoffMultiplier;
    }

    public void setBackoffMultiplier(double backoffMultiplier) {
        this.backoffMultiplier = backoffMultiplier;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public int getMaxPages() {
        return maxPages;
    }

    public void setMaxPages(int maxPages) {
        this.maxPages = maxPages;
    }

    public Jobs getJobs() {
        return jobs;
    }

    /** Job settings. */
    public static class Jobs {

        /** Connection records read from the token store per page while a job walks a registration. */
        private int pageSize = 100;

        /** Failed connections kept with their errors in a job report (all are counted). */
        private int maxRecordedFailures = 1000;

        /**
         * Names this replica in the job claims of shared jobs and of the keep-alive sweep; unique per running process.
         * Defaults to the token manager's instance id (saas-connect.token.instance-id: pid@host/random).
         */
        private String replicaId;

        public String getReplicaId() {
            return replicaId;
        }

        public void setReplicaId(String replicaId) {
            this.replicaId = replicaId;
        }

        public int getPageSize() {
            return pageSize;
        }

        public void setPageSize(int pageSize) {
            this.pageSize = pageSize;
        }

        public int getMaxRecordedFailures() {
            return maxRecordedFailures;
        }

        public void setMaxRecordedFailures(int maxRecordedFailures) {
            this.maxRecordedFailures = maxRecordedFailures;
        }
    }
}
