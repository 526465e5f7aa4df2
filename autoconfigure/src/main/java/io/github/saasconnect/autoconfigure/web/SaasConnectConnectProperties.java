package io.github.saasconnect.autoconfigure.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The connect flow, under {@code saas-connect.connect}. */
@ConfigurationProperties("saas-connect.connect")
public class SaasConnectConnectProperties {

    /** How long a started authorization waits for its callback; the state is refused after that. */
    private Duration stateLifetime = Duration.ofMinutes(10);

    /** Where started authorizations wait: auto (beside the token store), file, or memory (one instance only). */
    private PendingStore pendingStore = PendingStore.AUTO;

    public Duration getStateLifetime() {
        return stateLifetime;
    }

    public void setStateLifetime(Duration stateLifetime) {
        this.stateLifetime = stateLifetime;
    }

    public PendingStore getPendingStore() {
        return pendingStore;
    }

    public void setPendingStore(PendingStore pendingStore) {
        this.pendingStore = pendingStore;
    }

    /** Where started authorizations wait for their callback. */
    public enum PendingStore {
        /** Beside the token store: the file store's directory for the file store, memory for the memory store. */
        AUTO,
        /** Encrypted files in the file token store's directory. */
        FILE,
        /** This JVM's memory: right only for a single instance. */
        MEMORY
    }
}
