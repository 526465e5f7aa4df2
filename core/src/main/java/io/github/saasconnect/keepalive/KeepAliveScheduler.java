package io.github.saasconnect.keepalive;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the {@link KeepAliveSweep} on Reactor's timer while the application context runs: the first sweep after
 * {@link KeepAliveSettings#initialDelay()}, then every {@link KeepAliveSettings#interval()}. A sweep that is still
 * running when the next is due is not overlapped; the tick is dropped. A failed sweep is logged and the schedule
 * goes on.
 */
public final class KeepAliveScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeepAliveScheduler.class);

    private final KeepAliveSweep sweep;
    private final KeepAliveSettings settings;
    private volatile Disposable running;

    public KeepAliveScheduler(KeepAliveSweep sweep, KeepAliveSettings settings) {
        this.sweep = Objects.requireNonNull(sweep, "sweep");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.interval(settings.initialDelay(), settings.interval())
                .onBackpressureDrop()
                .concatMap(tick -> sweep.sweep()
                        .doOnNext(report -> log.info("keep-alive sweep: {}", report))
                        .onErrorResume(e -> {
                            log.warn("keep-alive sweep failed ({}); next one in {}", e.getClass().getSimpleName(),
                                    settings.interval());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
