package io.github.saasconnect.connection;

import io.github.saasconnect.token.TokenManager;

/** A model class reaching up into the token layer, which the architecture rules must refuse (test input only). */
public final class BackEdgeFixture {

    private final TokenManager tokens;

    BackEdgeFixture(TokenManager tokens) {
        this.tokens = tokens;
    }

    TokenManager tokens() {
        return tokens;
    }
}
