package io.github.saasconnect.testkit.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lagging read replica, like a performance standby (contract C4). While it lags, KV reads ({@code GET} on
 * {@code data/}, {@code subkeys/}, {@code metadata/} and {@code config}, and lists) are served from a snapshot,
 * while writes and their CAS checks always use the current state, as real servers forward writes to the active
 * node.
 * <p>
 * Every state-changing KV request answers with an {@code X-Vault-Index} header. A read that sends an
 * {@code X-Vault-Index} the replica has not caught up with yet gets 412 {@code required index state not present},
 * unless it also sends {@code X-Vault-Inconsistent: forward-active-node}, in which case it reads the current state.
 */
public final class ReadReplica {

    private final Map<String, KvStore> primaries;

    private final AtomicLong commitIndex;

    private Map<String, KvStore> snapshot;

    private long snapshotIndex;

    private int catchUpEveryReads;

    private int readsSinceCatchUp;

    ReadReplica(Map<String, KvStore> primaries, AtomicLong commitIndex) {
        this.primaries = primaries;
        this.commitIndex = commitIndex;
    }

    /** Freezes reads at the current state until {@link #catchUp()} or {@link #stopLagging()}. */
    public void lag() {
        lag(0);
    }

    /**
     * Freezes reads at the current state and catches up by itself after every {@code catchUpEveryReads} reads, so
     * that clients retrying on stale data eventually converge. {@code 0} means "only when told".
     */
    public synchronized void lag(int catchUpEveryReads) {
        if (catchUpEveryReads < 0) {
            throw new IllegalArgumentException("catchUpEveryReads must not be negative, was " + catchUpEveryReads);
        }
        this.catchUpEveryReads = catchUpEveryReads;
        takeSnapshot();
    }

    /** Brings the replica up to the current state; it keeps lagging behind later writes. */
    public synchronized void catchUp() {
        if (this.snapshot != null) {
            takeSnapshot();
        }
    }

    /** Serves reads from the current state again. */
    public synchronized void stopLagging() {
        this.snapshot = null;
    }

    /** Whether reads are currently served from a snapshot. */
    public synchronized boolean isLagging() {
        return this.snapshot != null;
    }

    /** The store a read should use, counting the read towards automatic catch-up. */
    synchronized KvStore storeForRead(String mount, boolean forwardToActive, String requiredIndex) {
        KvStore primary = this.primaries.get(mount);
        if (this.snapshot == null) {
            return primary;
        }
        if (requiredIndex != null && !hasIndex(requiredIndex)) {
            if (!forwardToActive) {
                throw VaultError.of(412, "required index state not present");
            }
            return primary;
        }
        this.readsSinceCatchUp++;
        if (this.catchUpEveryReads > 0 && this.readsSinceCatchUp >= this.catchUpEveryReads) {
            takeSnapshot();
        }
        return this.snapshot.get(mount);
    }

    private boolean hasIndex(String index) {
        try {
            return Long.parseLong(index.trim()) <= this.snapshotIndex;
        } catch (NumberFormatException ex) {
            return false;
        }
    }

    private void takeSnapshot() {
        this.snapshotIndex = this.commitIndex.get();
        Map<String, KvStore> copy = new LinkedHashMap<>();
        this.primaries.forEach((mount, store) -> copy.put(mount, store.copy()));
        this.snapshot = copy;
        this.readsSinceCatchUp = 0;
    }
}
