package io.github.saasconnect.testkit.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Every request a sandbox received, in arrival order. Thread-safe. */
public final class RequestLog {

    private final List<RecordedRequest> requests = new ArrayList<>();

    RequestLog() {}

    synchronized void record(RecordedRequest request) {
        requests.add(request);
        notifyAll();
    }

    /**
     * Waits until {@code count} requests have hit endpoints of this kind. A request is recorded on arrival, before
     * the sandbox processes or answers it, so with {@link ProviderSandbox#latency(Duration) latency} or a
     * {@link Fault#slowResponse(Duration) slow response} this returns while the client still waits for its answer.
     *
     * @return whether they arrived within {@code timeout}
     */
    public synchronized boolean await(Endpoint endpoint, long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(endpoint) < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** How many requests hit endpoints of this kind, faulted ones included. */
    public synchronized long count(Endpoint endpoint) {
        return requests.stream()
                .filter(request -> request.endpoint() == endpoint)
                .count();
    }

    /** How many requests had this method and exact path (query ignored), e.g. {@code count("GET", "/user/repos")}. */
    public synchronized long count(String method, String path) {
        return requests.stream()
                .filter(request -> request.method().equalsIgnoreCase(method)
                        && request.path().equals(path))
                .count();
    }

    /** All requests so far. */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    /** The requests that hit endpoints of this kind. */
    public synchronized List<RecordedRequest> of(Endpoint endpoint) {
        return requests.stream()
                .filter(request -> request.endpoint() == endpoint)
                .toList();
    }

    /** The latest request to an endpoint of this kind. */
    public synchronized Optional<RecordedRequest> last(Endpoint endpoint) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).endpoint() == endpoint) {
                return Optional.of(requests.get(i));
            }
        }
        return Optional.empty();
    }

    /** Forgets every request (counts restart at zero). */
    public synchronized void clear() {
        requests.clear();
    }
}
