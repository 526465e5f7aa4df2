package io.github.saasconnect.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.saasconnect.autoconfigure.ReEncryptionTask;
import io.github.saasconnect.store.crypto.ReEncryptionBatch;
import io.github.saasconnect.store.crypto.ReEncryptor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The re-encryption meters follow the batches a store's background task runs, tagged with the store. */
class ReEncryptionMetersTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @Test
    void movedAndUnreadableAddUpRemainingFollowsTheLastBatchAndTheTaskStopsWhenNothingRemains() {
        ScriptedReEncryptor store = new ScriptedReEncryptor(List.of(
                new ReEncryptionBatch("k2", 100, 0, 1, 150, false),
                new ReEncryptionBatch("k2", 49, 1, 1, 1, true),
                new ReEncryptionBatch("k2", 1, 0, 0, 0, true)));
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        ReEncryptionTask task = ReEncryptionTask.untilDone(store, INTERVAL, time);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("fileReEncryption", task);
        new SaasConnectMetricsAutoConfiguration()
                .saasConnectReEncryptionMetrics(beans.getBeanProvider(ReEncryptionTask.class))
                .bindTo(registry);
        task.start();

        assertThat(gauge(registry)).isNaN();
        time.advanceTimeBy(INTERVAL);
        assertThat(counter(registry, SaasConnectMetricsAutoConfiguration.REENCRYPTION_MOVED))
                .isEqualTo(100);
        assertThat(gauge(registry)).isEqualTo(150);
        time.advanceTimeBy(INTERVAL.multipliedBy(2));

        assertThat(counter(registry, SaasConnectMetricsAutoConfiguration.REENCRYPTION_MOVED))
                .isEqualTo(150);
        assertThat(counter(registry, SaasConnectMetricsAutoConfiguration.REENCRYPTION_UNREADABLE))
                .isEqualTo(2);
        assertThat(gauge(registry)).isZero();
        time.advanceTimeBy(INTERVAL.multipliedBy(10));
        assertThat(store.batches).as("no batch after one that left nothing").isEmpty();
        assertThat(store.runs).isEqualTo(3);
        task.stop();
    }

    private static double counter(SimpleMeterRegistry registry, String name) {
        return registry.get(name).tag("store", "file").functionCounter().count();
    }

    private static double gauge(SimpleMeterRegistry registry) {
        return registry.get(SaasConnectMetricsAutoConfiguration.REENCRYPTION_REMAINING)
                .tag("store", "file")
                .gauge()
                .value();
    }

    private static final class ScriptedReEncryptor implements ReEncryptor {

        final Deque<ReEncryptionBatch> batches;
        int runs;

        ScriptedReEncryptor(List<ReEncryptionBatch> batches) {
            this.batches = new ArrayDeque<>(batches);
        }

        @Override
        public String storeName() {
            return "file";
        }

        @Override
        public Mono<ReEncryptionBatch> runBatch() {
            return Mono.fromSupplier(() -> {
                runs++;
                return batches.remove();
            });
        }
    }
}
