package io.github.saasconnect.architecture;

import io.github.saasconnect.testkit.sandbox.internal.Pkce;

/** A class outside the test kit that uses one of its internals, which the module rules must refuse (test input). */
final class InternalsFixture {

    private InternalsFixture() {}

    static String challenge(String verifier) {
        return Pkce.s256(verifier);
    }
}
