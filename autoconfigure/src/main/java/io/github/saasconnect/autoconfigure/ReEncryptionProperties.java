package io.github.saasconnect.autoconfigure;

import java.time.Duration;

/** Background re-encryption: moves records written under previous keys to the active key. */
public class ReEncryptionProperties {

    /** Whether this instance moves records to the active key in the background. */
    private boolean enabled = true;

    /** The most records one batch moves. */
    private int batchSize = 100;

    /** Pause between batches. */
    private Duration interval = Duration.ofSeconds(10);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    /**
     * Checks the settings.
     *
     * @param prefix where these properties are, such as {@code saas-connect.store.file.re-encryption}
     * @throws InvalidSaasConnectConfigurationException naming the property and the fix
     */
    public void check(String prefix) {
        if (batchSize < 1) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".batch-size", "must be at least 1 but is " + batchSize, "Set a positive number");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidSaasConnectConfigurationException(
                    prefix + ".interval", "must be positive", "Set a duration such as 10s");
        }
    }
}
