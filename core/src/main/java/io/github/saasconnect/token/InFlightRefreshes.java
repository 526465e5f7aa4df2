package io.github.saasconnect.token;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The refreshes this instance has under way, from taking the refresh lease to storing the result. Once closed no
 * new one starts, and a graceful shutdown can wait for the others: a refresh whose request reached a rotating
 * provider must get its answer into the store, or the only valid refresh token dies with the process.
 */
final class InFlightRefreshes {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();
    private int count;
    private boolean closed;

    /** Counts a refresh in, unless closed. */
    boolean tryStart() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            count++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Counts a refresh out (whatever its outcome). */
    void finished() {
        lock.lock();
        try {
            if (--count == 0) {
                none.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lets no new refresh start. */
    void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Lets refreshes start again (a context stopped and started again). */
    void open() {
        lock.lock();
        try {
            closed = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until no refresh is under way, at most {@code timeout}.
     *
     * @return how many are still under way (0 when all finished in time)
     */
    int awaitNone(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (count > 0 && left > 0) {
                left = none.awaitNanos(left);
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    int count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
