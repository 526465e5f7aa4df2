package io.github.saasconnect.store;

import io.github.saasconnect.store.tck.JobClaimsContract;

class InMemoryJobClaimsTest extends JobClaimsContract {

    @Override
    protected TokenStore createStore() {
        return new InMemoryTokenStore();
    }

    @Override
    protected JobClaims claimsOf(TokenStore store) {
        return ((InMemoryTokenStore) store).jobClaims();
    }
}
