package io.github.saasconnect.benchmarks;

import io.github.saasconnect.store.ClaimOutcome;
import io.github.saasconnect.store.JobClaim;
import io.github.saasconnect.store.JobClaims;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/** Counts the calls made to the job claims it wraps: each call is one round trip to the store's claims API. */
final class CountingJobClaims implements JobClaims {

    final AtomicLong claims = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong completes = new AtomicLong();
    private final JobClaims delegate;

    CountingJobClaims(JobClaims delegate) {
        this.delegate = delegate;
    }

    void reset() {
        claims.set(0);
        batches.set(0);
        completes.set(0);
    }

    @Override
    public Mono<ClaimOutcome> claim(JobClaim claim) {
        return delegate.claim(claim).doOnSubscribe(s -> claims.incrementAndGet());
    }

    /** The store's own batch (one round trip where it has one), counted as one call for its claims. */
    @Override
    public Mono<List<ClaimOutcome>> claimAll(List<JobClaim> all) {
        return delegate.claimAll(all).doOnSubscribe(s -> batches.incrementAndGet());
    }

    @Override
    public Mono<Boolean> complete(JobClaim claim) {
        return delegate.complete(claim).doOnSubscribe(s -> completes.incrementAndGet());
    }

    /** The counts per connection, for the harness's tables. */
    String perConnection(int connections) {
        return String.format(
                Locale.ROOT,
                "claim calls %.2f, claimAll calls %.3f, complete calls %.2f per connection",
                (double) claims.get() / connections,
                (double) batches.get() / connections,
                (double) completes.get() / connections);
    }
}
