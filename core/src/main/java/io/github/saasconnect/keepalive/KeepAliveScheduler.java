package io.github.saasconnect.keepalive;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;

/**
 * Runs the {@link KeepAliveSweep} while the application context runs: the first sweep after
 * {@link KeepAliveSettings#initialDelay()}, then every {@link KeepAliveSettings#interval()}. A sweep that is still
 * running when the next is due is not overlapped; the tick is dropped. A failed sweep is logged and the schedule
 * goes on. Stopping cancels a sweep in flight.
 *
 * <p>The schedule is kept by one daemon timer thread ({@code saas-connect-keep-alive}) that only starts sweeps;
 * the sweeps themselves run on the store's and the HTTP client's threads. Starting arms the timer and nothing
 * else: no reactive pipeline is built, or Reactor scheduler created, before the first tick, which keeps the
 * keep-alive off the application's startup time.
 */
public final class KeepAliveScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeepAliveScheduler.class);

    private final KeepAliveSweep sweep;
    private final KeepAliveSettings settings;
    private final Ticker ticker;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private Runnable cancelTicks;
    private volatile Disposable current;

    public KeepAliveScheduler(KeepAliveSweep sweep, KeepAliveSettings settings) {
        this(sweep, settings, KeepAliveScheduler::daemonTimer);
    }

    KeepAliveScheduler(KeepAliveSweep sweep, KeepAliveSettings settings, Ticker ticker) {
        this.sweep = Objects.requireNonNull(sweep, "sweep");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    /** Something that calls {@code tick} after {@code initialDelay}, then every {@code interval}, until cancelled. */
    @FunctionalInterface
    interface Ticker {

        /** Starts the ticks; the returned action cancels them. */
        Runnable start(Runnable tick, Duration initialDelay, Duration interval);
    }

    @Override
    public synchronized void start() {
        if (cancelTicks == null) {
            cancelTicks = ticker.start(this::tick, settings.initialDelay(), settings.interval());
        }
    }

    private void tick() {
        if (!sweeping.compareAndSet(false, true)) {
            log.debug("keep-alive sweep still running; this tick is dropped");
            return;
        }
        try {
            current = sweep.sweep()
                    .doFinally(signal -> sweeping.set(false))
                    .subscribe(
                            report -> log.info("keep-alive sweep: {}", report),
                            e -> log.warn(
                                    "keep-alive sweep failed ({}); next one in {}",
                                    e.getClass().getSimpleName(),
                                    settings.interval()));
        } catch (RuntimeException e) {
            // a sweep that fails to assemble must not end the schedule (an executor drops a task that throws)
            sweeping.set(false);
            log.warn(
                    "keep-alive sweep could not start ({}); next one in {}",
                    e.getClass().getSimpleName(),
                    settings.interval());
        }
    }

    @Override
    public synchronized void stop() {
        if (cancelTicks != null) {
            cancelTicks.run();
            cancelTicks = null;
        }
        Disposable sweepInFlight = current;
        if (sweepInFlight != null) {
            sweepInFlight.dispose();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return cancelTicks != null;
    }

    private static Runnable daemonTimer(Runnable tick, Duration initialDelay, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "saas-connect-keep-alive");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(tick, initialDelay.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
        return timer::shutdownNow;
    }
}
