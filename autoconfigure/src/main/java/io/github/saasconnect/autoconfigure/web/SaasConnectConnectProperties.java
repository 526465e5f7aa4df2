package io.github.saasconnect.autoconfigure.web;

import io.github.saasconnect.connect.ConnectSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The connect flow, under {@code saas-connect.connect}. */
@ConfigurationProperties("saas-connect.connect")
public class SaasConnectConnectProperties {

    /** How long a started authorization waits for its callback; the state is refused after that. */
    private Duration stateLifetime = Duration.ofMinutes(10);

    /** Where started authorizations wait: auto (beside the token store), file, or memory (one instance only). */
    private PendingStore pendingStore = PendingStore.AUTO;

    /**
     * Whether {@code GET {base}/connect/{registration}} starts a connection too (for pages that link to it); a GET
     * the browser marks cross-site is refused even then. Off: only the POST starts one.
     */
    private boolean allowGetStart = false;

    /**
     * How many started authorizations one user may have waiting for one registration; one more replaces the oldest.
     */
    private int maxPendingPerConnection = ConnectSettings.DEFAULT_MAX_PENDING_PER_CONNECTION;

    /**
     * The application's page where a user connects a registration again, sent to users in reconnect URLs
     * (ReauthorizationRequiredEvent, the missing-scopes outcome) with {@code registration} and {@code scope}
     * parameters added. Unset: the GET start endpoint beside the registration's redirect-uri when allow-get-start is
     * on, else no URL.
     */
    private URI reconnectUrl;

    public URI getReconnectUrl() {
        return reconnectUrl;
    }

    public void setReconnectUrl(URI reconnectUrl) {
        this.reconnectUrl = reconnectUrl;
    }

    public boolean isAllowGetStart() {
        return allowGetStart;
    }

    public void setAllowGetStart(boolean allowGetStart) {
        this.allowGetStart = allowGetStart;
    }

    public int getMaxPendingPerConnection() {
        return maxPendingPerConnection;
    }

    public void setMaxPendingPerConnection(int maxPendingPerConnection) {
        this.maxPendingPerConnection = maxPendingPerConnection;
    }

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
