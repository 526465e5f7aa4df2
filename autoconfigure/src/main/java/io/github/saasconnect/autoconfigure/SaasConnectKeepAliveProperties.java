package io.github.saasconnect.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The keep-alive sweep, under {@code saas-connect.keep-alive}. */
@ConfigurationProperties("saas-connect.keep-alive")
public class SaasConnectKeepAliveProperties {

    /** Whether to sweep connections periodically: refresh those whose refresh tokens die when idle, announce fixed expiries. */
    private boolean enabled = true;

    /** Time between sweeps. */
    private Duration interval = Duration.ofHours(6);

    /** Time from start-up to the first sweep. */
    private Duration initialDelay = Duration.ofMinutes(1);

    /** Refresh a connection this long before its refresh token would die of idleness (never later than half way through the provider's idle limit). */
    private Duration idleMargin = Duration.ofDays(14);

    /** Publish RefreshTokenExpiringEvent this long before a refresh token's fixed expiry. */
    private Duration expiryWarning = Duration.ofDays(14);

    /** Connections one sweep refreshes at the same time. */
    private int concurrency = 4;

    /** Connection records read from the token store per page. */
    private int pageSize = 100;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getInitialDelay() {
        return initialDelay;
    }

    public void setInitialDelay(Duration initialDelay) {
        this.initialDelay = initialDelay;
    }

    public Duration getIdleMargin() {
        return idleMargin;
    }

    public void setIdleMargin(Duration idleMargin) {
        this.idleMargin = idleMargin;
    }

    public Duration getExpiryWarning() {
        return expiryWarning;
    }

    public void setExpiryWarning(Duration expiryWarning) {
        this.expiryWarning = expiryWarning;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }
}
