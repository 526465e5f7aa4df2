package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.resilience.Backoff;
import java.time.Duration;

/** Maps the {@code initial-backoff}, {@code backoff-multiplier} and {@code max-backoff} found under every prefix. */
public final class BackoffProperties {

    private BackoffProperties() {}

    /**
     * The backoff set under {@code prefix}; values that do not make one fail startup naming the property.
     *
     * @param prefix {@code saas-connect.clients}, {@code saas-connect.store.vault.retry} ...
     */
    public static Backoff backoff(
            String prefix, Duration initialBackoff, double backoffMultiplier, Duration maxBackoff) {
        try {
            return new Backoff(initialBackoff, backoffMultiplier, maxBackoff);
        } catch (IllegalArgumentException | NullPointerException e) {
            String key = String.valueOf(e.getMessage()).startsWith("backoffMultiplier")
                    ? "backoff-multiplier"
                    : String.valueOf(e.getMessage()).startsWith("maxBackoff") ? "max-backoff" : "initial-backoff";
            throw new InvalidSaasConnectConfigurationException(
                    prefix + "." + key,
                    e.getMessage(),
                    "Set a positive initial-backoff, a backoff-multiplier of at least 1 and a max-backoff no shorter "
                            + "than initial-backoff");
        }
    }
}
