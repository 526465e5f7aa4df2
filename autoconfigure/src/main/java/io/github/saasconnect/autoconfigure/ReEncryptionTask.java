package io.github.saasconnect.autoconfigure;

import io.github.saasconnect.store.crypto.ReEncryptionBatch;
import io.github.saasconnect.store.crypto.ReEncryptor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs one re-encryption batch per interval while the application runs; a failed batch is logged and the next one
 * carries on. Counts what the batches did for the {@code saasconnect.store.reencryption.*} meters. A task that is
 * {@linkplain #untilDone done when nothing remains} stops after the first batch that leaves no record to move: the
 * store's single process writes only under the active key, so none can appear before a restart.
 */
public final class ReEncryptionTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReEncryptionTask.class);

    private final ReEncryptor reEncryptor;
    private final Duration interval;
    private final boolean untilDone;
    private final boolean idle;
    private final Scheduler timer;
    private final AtomicLong moved = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong remaining = new AtomicLong(-1);
    private @Nullable Disposable running;

    private ReEncryptionTask(
            ReEncryptor reEncryptor, Duration interval, boolean untilDone, boolean idle, Scheduler timer) {
        this.reEncryptor = reEncryptor;
        this.timer = timer;
        this.interval = interval;
        this.untilDone = untilDone;
        this.idle = idle;
    }

    /** A task that runs batches for as long as the application runs (other instances may write under old keys). */
    public static ReEncryptionTask continuous(ReEncryptor reEncryptor, Duration interval) {
        return new ReEncryptionTask(reEncryptor, interval, false, false, Schedulers.parallel());
    }

    /** A task that stops once a batch leaves no record to move. */
    public static ReEncryptionTask untilDone(ReEncryptor reEncryptor, Duration interval) {
        return untilDone(reEncryptor, interval, Schedulers.parallel());
    }

    /** As {@link #untilDone(ReEncryptor, Duration)}, its interval kept by {@code timer} (virtual time in tests). */
    public static ReEncryptionTask untilDone(ReEncryptor reEncryptor, Duration interval, Scheduler timer) {
        return new ReEncryptionTask(reEncryptor, interval, true, false, timer);
    }

    /**
     * A task that runs no batch: for a keyring of the active key alone, where a record under another key can be
     * neither read nor moved (the store reports it when it meets it).
     */
    public static ReEncryptionTask idle(ReEncryptor reEncryptor) {
        return new ReEncryptionTask(reEncryptor, Duration.ofDays(1), false, true, Schedulers.parallel());
    }

    /** The store whose records it moves. */
    public String storeName() {
        return reEncryptor.storeName();
    }

    /** Records moved to the active key since the application started. */
    public long moved() {
        return moved.get();
    }

    /** Records a batch met but could not move (unknown key id, damaged) since the application started; repeats count. */
    public long unreadable() {
        return unreadable.get();
    }

    /** Records not under the active key after the last batch, or {@code -1} before the first one. */
    public long remaining() {
        return remaining.get();
    }

    @Override
    public synchronized void start() {
        if (idle) {
            running = Flux.never().subscribe();
            return;
        }
        running = Flux.interval(interval, timer)
                .onBackpressureDrop()
                .concatMap(tick -> reEncryptor.runBatch().onErrorResume(e -> {
                    log.warn("a re-encryption batch failed; the next one retries: {}", e.toString());
                    return Mono.empty();
                }))
                .doOnNext(this::record)
                .takeUntil(batch -> untilDone && batch.remaining() == 0)
                .subscribe();
    }

    private void record(ReEncryptionBatch batch) {
        moved.addAndGet(batch.moved());
        unreadable.addAndGet(batch.unreadable());
        remaining.set(batch.remaining());
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
