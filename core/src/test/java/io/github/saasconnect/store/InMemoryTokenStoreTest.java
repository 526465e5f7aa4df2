package io.github.saasconnect.store;

import io.github.saasconnect.store.tck.TokenStoreContract;

class InMemoryTokenStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore createStore() {
        return new InMemoryTokenStore();
    }
}
