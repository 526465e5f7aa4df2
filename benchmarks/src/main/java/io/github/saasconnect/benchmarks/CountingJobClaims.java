package io.github.saasconnect.benchmarks;

import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/** Counts the calls made to the job claims it wraps: each call is one round trip to the store's claims API. */
final class CountingJobClaims implements JobClaims {

    final AtomicLong claims = new AtomicLong();
    final AtomicLong completes = new AtomicLong();
    private final JobClaims delegate;

    CountingJobClaims(JobClaims delegate) {
        this.delegate = delegate;
    }

    void reset() {
        claims.set(0);
        completes.set(0);
    }

    @Override
    public Mono<ClaimOutcome> claim(JobClaim claim) {
        return delegate.claim(claim).doOnSubscribe(s -> claims.incrementAndGet());
    }

    @Override
    public Mono<Boolean> complete(JobClaim claim) {
        return delegate.complete(claim).doOnSubscribe(s -> completes.incrementAndGet());
    }

    /** The counts per connection, for the harness's tables. */
    String perConnection(int connections) {
        return String.format(
                Locale.ROOT,
                "claim calls %.2f, complete calls %.2f per connection",
                (double) claims.get() / connections,
                (double) completes.get() / connections);
    }
}
