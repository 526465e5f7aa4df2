package io.github.saasconnect.observation;

import io.github.saasconnect.connection.ConnectionCensus;

/**
 * The keep-alive sweep of one registration ({@link SaasConnectObservation#KEEP_ALIVE_SWEEP}). When the sweep
 * finished its walk, the context carries the census it took: health and the connection gauges show the latest.
 */
public final class KeepAliveSweepContext extends RegistrationContext {

    private volatile ConnectionCensus census;

    public KeepAliveSweepContext(String registration, String provider) {
        super(registration, provider);
    }

    /** The connections the sweep counted by status; {@code null} when it did not finish its walk. */
    public ConnectionCensus census() {
        return census;
    }

    /** Records the census of a finished walk. */
    public void census(ConnectionCensus census) {
        this.census = census;
    }
}
