package io.github.saasconnect.store.jdbc.autoconfigure;

import io.github.saasconnect.store.jdbc.ReEncryption;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs one re-encryption batch per interval while the application runs; a failed batch is logged and the next one
 * carries on. Idle when the keyring holds only the active key: then a record under another key cannot be read, let
 * alone moved.
 */
final class ReEncryptionTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReEncryptionTask.class);

    private final ReEncryption reEncryption;
    private final Duration interval;
    private final boolean previousKeys;
    private @Nullable Disposable running;

    ReEncryptionTask(ReEncryption reEncryption, Duration interval, boolean previousKeys) {
        this.reEncryption = reEncryption;
        this.interval = interval;
        this.previousKeys = previousKeys;
    }

    @Override
    public synchronized void start() {
        if (!previousKeys) {
            running = Flux.never().subscribe();
            return;
        }
        running = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> reEncryption.runBatch().onErrorResume(e -> {
                    log.warn("a re-encryption batch failed; the next one retries: {}", e.toString());
                    return Mono.empty();
                }))
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
    public synchronized boolean isRunning() {
        return running != null;
    }
}
