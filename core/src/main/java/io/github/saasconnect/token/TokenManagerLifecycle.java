package io.github.saasconnect.token;

import java.time.Duration;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Makes a {@link TokenManager} take part in the graceful shutdown of an application context: on stop it runs
 * {@link TokenManager#shutdown(Duration)}, so a refresh in flight on any thread (an executor of the application's,
 * a message listener, a {@code CompletableFuture}) stores its result before the process exits.
 *
 * <p>Higher phases stop first. The {@link #PHASE phase} puts this stop after everything that may still be
 * finishing work that needs a token: message listener containers and other default-phase lifecycles
 * ({@code Integer.MAX_VALUE}), the web server's graceful shutdown ({@code Integer.MAX_VALUE - 1024}) and Spring's
 * task executors and schedulers, which let running tasks finish ({@code Integer.MAX_VALUE / 2}). It comes before
 * Reactor Netty's resources ({@code ReactorResourceFactory}, phase 0), which the token requests run on. The token
 * store is a plain bean, destroyed only after every lifecycle has stopped.
 */
public final class TokenManagerLifecycle implements SmartLifecycle {

    /** After Spring's executors and schedulers ({@code Integer.MAX_VALUE / 2}), before Reactor Netty (0). */
    public static final int PHASE = Integer.MAX_VALUE / 4;

    private final TokenManager manager;
    private final Duration gracePeriod;
    private volatile boolean running;

    /**
     * @param gracePeriod the most the stop waits for refreshes in flight and pending writes
     */
    public TokenManagerLifecycle(TokenManager manager, Duration gracePeriod) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gracePeriod must not be negative, was " + gracePeriod);
        }
    }

    @Override
    public void start() {
        manager.resume();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        manager.shutdown(gracePeriod);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
