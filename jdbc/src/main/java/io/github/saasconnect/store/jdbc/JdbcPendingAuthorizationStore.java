package io.github.saasconnect.store.jdbc;

import io.github.saasconnect.store.PendingAuthorization;
import io.github.saasconnect.store.PendingAuthorizationCodec;
import io.github.saasconnect.store.PendingAuthorizationStore;
import io.github.saasconnect.store.crypto.SealedRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The connect flow's started authorizations in the token store's database ({@code
 * saas_connect_pending_authorization}), so the callback can reach any instance. Each entry is sealed (the PKCE
 * verifier never lies in clear) and bound to its key; {@link #take} deletes before it answers, so of concurrent
 * takers on any number of instances exactly one gets the entry. Expired entries are dropped by a {@code DELETE}
 * that a save starts at most once a minute and does not wait for, so no connect start pays for it.
 */
public final class JdbcPendingAuthorizationStore implements PendingAuthorizationStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcPendingAuthorizationStore.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final JdbcTokenStore store;
    private final PendingTable table;
    private final Clock clock;
    private final PendingAuthorizationCodec codec = new PendingAuthorizationCodec();
    private final AtomicLong nextSweepMillis = new AtomicLong();

    private JdbcPendingAuthorizationStore(JdbcTokenStore store, Clock clock) {
        this.store = store;
        this.table = new PendingTable(store.jdbc());
        this.clock = clock;
    }

    /** Beside {@code store}: the same database, cipher and scheduler. */
    public static JdbcPendingAuthorizationStore besides(JdbcTokenStore store, Clock clock) {
        return new JdbcPendingAuthorizationStore(store, clock);
    }

    @Override
    public Mono<Void> save(PendingAuthorization authorization) {
        return store.call(null, () -> {
                    SealedRecord sealed =
                            store.cipher().seal(codec.toJson(authorization), associatedData(authorization.key()));
                    table.insert(authorization.key(), sealed.keyId(), sealed.toBytes(), authorization.expiresAt());
                    return null;
                })
                .then()
                .doOnSuccess(saved -> sweepIfDue());
    }

    /** Drops expired entries in the background, at most once per interval; a failure waits for the next one. */
    private void sweepIfDue() {
        long now = clock.millis();
        long due = nextSweepMillis.get();
        if (now < due || !nextSweepMillis.compareAndSet(due, now + SWEEP_INTERVAL.toMillis())) {
            return;
        }
        store.call(null, () -> table.deleteExpired(clock.instant()))
                .subscribe(
                        removed -> log.debug("Dropped {} expired pending authorization(s)", removed),
                        e -> log.warn(
                                "Could not drop expired pending authorizations ({}); the next sweep will",
                                e.toString()));
    }

    @Override
    public Mono<PendingAuthorization> take(String key) {
        return store.call(null, () -> {
            byte[] stored = table.find(key).orElse(null);
            if (stored == null || !table.delete(key)) {
                return null;
            }
            return codec.fromJson(store.cipher().open(SealedRecord.parse(stored), associatedData(key)));
        });
    }

    @Override
    public String name() {
        return "jdbc";
    }

    private static byte[] associatedData(String key) {
        return ("saas-connect pending v1\0" + key).getBytes(StandardCharsets.UTF_8);
    }
}
