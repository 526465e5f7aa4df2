package io.github.saasconnect.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Authorized API clients, pagination and jobs, under {@code saas-connect.clients}. */
@ConfigurationProperties("saas-connect.clients")
public class SaasConnectClientsProperties {

    /** The longest single rate-limit wait an API call accepts; a provider asking for more fails the call with the time to retry. */
    private Duration maxRateLimitWait = Duration.ofMinutes(2);

    /** How many times one API call may wait on a rate limit before it fails. */
    private int maxRateLimitRetries = 5;

    /** First wait when a provider signals a rate limit without saying how long (Google, Bitbucket); grows exponentially, with jitter. */
    private Duration backoffInitial = Duration.ofSeconds(1);

    /** Growth of that wait per attempt. */
    private double backoffMultiplier = 2.0;

    /** Longest such wait. */
    private Duration backoffMax = Duration.ofSeconds(60);

    /** The most pages a paginator follows before it fails, a guard against endless paging. */
    private int maxPages = 1000;

    /** How jobs walk a registration's connections. */
    private final Jobs jobs = new Jobs();

    public Duration getMaxRateLimitWait() {
        return maxRateLimitWait;
    }

    public void setMaxRateLimitWait(Duration maxRateLimitWait) {
        this.maxRateLimitWait = maxRateLimitWait;
    }

    public int getMaxRateLimitRetries() {
        return maxRateLimitRetries;
    }

    public void setMaxRateLimitRetries(int maxRateLimitRetries) {
        this.maxRateLimitRetries = maxRateLimitRetries;
    }

    public Duration getBackoffInitial() {
        return backoffInitial;
    }

    public void setBackoffInitial(Duration backoffInitial) {
        this.backoffInitial = backoffInitial;
    }

    public double getBackoffMultiplier() {
        return backoffMultiplier;
    }

    public void setBackoffMultiplier(double backoffMultiplier) {
        this.backoffMultiplier = backoffMultiplier;
    }

    public Duration getBackoffMax() {
        return backoffMax;
    }

    public void setBackoffMax(Duration backoffMax) {
        this.backoffMax = backoffMax;
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
