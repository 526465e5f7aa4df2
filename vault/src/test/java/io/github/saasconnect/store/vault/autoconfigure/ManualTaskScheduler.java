package io.github.saasconnect.store.vault.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/** Keeps one-shot tasks until the test runs them: a session's renewal happens when the test says, not by the clock. */
final class ManualTaskScheduler implements TaskScheduler {

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    /** Runs the next task scheduled, waiting up to {@code timeout} for one; fails when none comes. */
    void runNext(Duration timeout) throws InterruptedException {
        Runnable task = tasks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (task == null) {
            throw new AssertionError("nothing was scheduled within " + timeout);
        }
        task.run();
    }

    /** Waits up to {@code timeout} for a task to be scheduled, without running it. */
    boolean awaitScheduled(Duration timeout) throws InterruptedException {
        Runnable task = tasks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (task != null) {
            tasks.add(task);
        }
        return task != null;
    }

    int scheduled() {
        return tasks.size();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
        tasks.add(task);
        return new Pending();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
        tasks.add(task);
        return new Pending();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
        throw new UnsupportedOperationException("only one-shot tasks");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
        throw new UnsupportedOperationException("only one-shot tasks");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
        throw new UnsupportedOperationException("only one-shot tasks");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
        throw new UnsupportedOperationException("only one-shot tasks");
    }

    private static final class Pending implements ScheduledFuture<Object> {

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }
}
