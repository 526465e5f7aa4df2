package io.github.saasconnect.testkit.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The server's record of requests, in the order their answers were decided. */
final class RequestLog {

    private final List<RecordedRequest> entries = new ArrayList<>();

    synchronized void add(RecordedRequest entry) {
        this.entries.add(entry);
        notifyAll();
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(this.entries);
    }

    synchronized void clear() {
        this.entries.clear();
    }

    /** Blocks until an entry matches, or returns {@code null} once {@code timeout} has passed. */
    synchronized RecordedRequest await(Predicate<RecordedRequest> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (RecordedRequest entry : this.entries) {
                if (condition.test(entry)) {
                    return entry;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
