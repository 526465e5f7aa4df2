package io.github.saasconnect.token;

import java.util.concurrent.atomic.LongAdder;

/**
 * Hits and misses of a token cache for one registration. Counting takes no lock and, once the adders have grown
 * their cells under contention, allocates nothing: it sits on the cache-hit path, where no observation is started.
 * Read it with function counters ({@link TokenManager#cacheCounter}).
 */
public final class CacheCounter {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /** Counts a lookup that found a usable token. */
    public void hit() {
        hits.increment();
    }

    /** Counts a lookup that had to load or refresh. */
    public void miss() {
        misses.increment();
    }

    /** Hits so far. */
    public long hits() {
        return hits.sum();
    }

    /** Misses so far. */
    public long misses() {
        return misses.sum();
    }

    @Override
    public String toString() {
        return "CacheCounter[hits=" + hits() + ", misses=" + misses() + "]";
    }
}
